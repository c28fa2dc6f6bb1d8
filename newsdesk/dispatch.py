"""How one pipeline stage hands work to the next.

Normally the next stage is a Celery task enqueued when the current transaction commits, so a
worker never looks for a row that is not visible yet. Inside `run_synchronously()` (used by
`manage.py ingest --sync`) the very same task functions run in-process instead, in the same
order, so scripts get the same pipeline without a broker.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

_synchronous = contextvars.ContextVar("newsdesk_synchronous", default=False)


@contextmanager
def run_synchronously() -> Iterator[None]:
    token = _synchronous.set(True)
    try:
        yield
    finally:
        _synchronous.reset(token)


def is_synchronous() -> bool:
    return _synchronous.get()


def enqueue(task, **kwargs) -> None:
    """Run `task` with keyword arguments after the current transaction commits.

    In synchronous mode there is no other process to hide uncommitted rows from, so the task
    runs at once, inside whatever transaction the caller holds.
    """
    if _synchronous.get():
        task(**kwargs)
    else:
        transaction.on_commit(lambda: task.delay(**kwargs))
