"""How one pipeline stage hands work to the next: by task name, never by importing a task.

Normally the next stage is a Celery task sent when the current transaction commits, so a
worker never looks for a row that is not visible yet; routing to the fetch or extract queue
follows `CELERY_TASK_ROUTES` by name. Inside `run_synchronously()` (used by
`manage.py ingest --sync`) the very same registered task functions run in-process instead, in
the same order, so scripts get the same pipeline without a broker.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from celery import current_app
from django.db import transaction


class TaskName:
    """The pipeline's registered task names. Queued messages carry them, so they never change
    (their "articles." prefix dates from when the tasks lived in that app)."""

    POLL_DUE_FEEDS = "articles.poll_due_feeds"
    POLL_FEED = "articles.poll_feed"
    FETCH_URL = "articles.fetch_url"
    PROCESS_RAW = "articles.process_raw"
    ANALYSE_ARTICLE = "articles.analyse_article"
    SWEEP = "ingestion.sweep"


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


def _registered_task(task_name: str):
    """The task function registered under `task_name`. Outside a worker the apps' task
    modules are not imported yet: the first look-up loads them as a worker does at start."""
    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[task_name]


def enqueue(task_name: str, *, countdown: float | None = None, **kwargs) -> None:
    """Run the task registered as `task_name` with keyword arguments after the current
    transaction commits (`countdown` seconds later, if given).

    In synchronous mode there is no other process to hide uncommitted rows from, so the task
    runs at once, inside whatever transaction the caller holds.
    """
    if _synchronous.get():
        _registered_task(task_name)(**kwargs)
        return
    options = {"countdown": countdown} if countdown else {}
    transaction.on_commit(lambda: current_app.send_task(task_name, kwargs=kwargs, **options))
