"""Plain data types shared by the extractors. No Django imports here.

Offsets are character offsets into the field named by `location`:
"headline" -> ArticleText.title, "standfirst" -> ArticleText.standfirst,
"body" -> ArticleText.body, "caption" -> ArticleText.captions[caption_index],
"byline" -> ArticleText.byline[caption_index].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LOCATIONS = ("headline", "standfirst", "body", "caption", "byline")
SPEAKER_KINDS = ("person", "anonymous", "organization", "media", "government", "group")
STANCES = ("assert", "deny")
EVENT_TYPES = (
    "agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
    "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault",
)  # fmt: skip


@dataclass
class ArticleText:
    """The text fields of one article, as the extractors see them."""

    title: str
    body: str
    standfirst: str | None = None
    captions: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    outlet: str | None = None
    # The article's date: offices are looked up as they were on it (None: not known).
    published: date | None = None


@dataclass
class Span:
    start: int
    end: int
    location: str
    text: str
    caption_index: int | None = None


@dataclass
class PersonResult:
    name: str  # canonical full name as introduced in the article
    role: str | None = None
    country: str | None = None  # ISO2 of the country the person represents
    mentions: list[Span] = field(default_factory=list)
    surface_forms: list[str] = field(default_factory=list)  # every distinct way it was written
    wikidata_id: str | None = None  # when the officeholders table knows the person

    @property
    def locations(self) -> list[str]:
        return [loc for loc in LOCATIONS if any(m.location == loc for m in self.mentions)]


@dataclass
class CountryResult:
    iso2: str
    name: str
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Speaker:
    label: str  # as written: "an Israeli diplomatic source", "Eli Cohen", "Israel Hayom"
    kind: str  # one of SPEAKER_KINDS
    person: str | None = None  # canonical name of a PersonResult when kind == "person"
    country: str | None = None  # ISO2


@dataclass
class ClaimResult:
    text: str  # the content, without the attribution
    start: int
    end: int
    location: str  # "body", "headline" or "standfirst"
    speaker: Speaker
    cue: str  # verbatim: "told", "said", "denied", "according to"
    stance: str = "assert"
    quote: bool = False
    event_type: str | None = None
    addressee: str | None = None  # the outlet it was told to ("The Times of Israel")
    subject_people: list[str] = field(default_factory=list)
    subject_countries: list[str] = field(default_factory=list)
    confidence: float = 0.5
