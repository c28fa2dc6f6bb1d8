"""The one result every ingestion stage returns, and that an ingestion run counts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    NEW = "new"  # something new was stored (raw bytes, an article, its analysis, feed entries)
    DUPLICATE = "duplicate"  # the same thing was there already: nothing to redo
    FAILED = "failed"  # bad input or gave up: recorded with its reason, never retried
    RETRIED = "retried"  # a transient error: the same stage runs again later
    DEFERRED = "deferred"  # not done yet on purpose (a politeness wait): it runs again later


@dataclass(frozen=True)
class StageResult:
    """What one stage did with one item.

    `article_id` names the article made or found; `handed_on` counts the items passed to the
    next stage (entries of a feed, for one); `reason` says why a stage failed.
    """

    outcome: Outcome
    reason: str = ""
    article_id: int | None = None
    handed_on: int = 0

    @property
    def counted(self) -> bool:
        """Whether a run counts this result as one of its items done (new, duplicate, failed)."""
        return self.outcome in (Outcome.NEW, Outcome.DUPLICATE, Outcome.FAILED)
