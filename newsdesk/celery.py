"""The Celery application. Settings come from Django's settings (CELERY_* names)."""

import logging
import os

from celery import Celery
from celery.signals import task_prerun, worker_init
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

app = Celery("newsdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

WARM_UP_TEXT = (
    "Foreign Minister Eli Cohen met President Volodymyr Zelensky in Kyiv on Monday. "
    '"Ukraine needs more help," Zelensky said, according to a statement from Jerusalem.'
)


@worker_init.connect
def warm_extractors(**kwargs) -> None:
    """Load the parser's date data and the extractors' tables in the worker's main process,
    before its pool forks.

    Every pool process then starts with them (shared, copy-on-write), and so does each one
    started to replace a process that died. Loaded lazily instead, they cost each process
    seconds of its first task's time limit; a soft time limit striking during the load would
    leave them unloaded, and every later task of that process would start the load again.
    """
    try:
        # At worker start only: the web and beat processes never need the extractors.
        from articles import parsing  # noqa: PLC0415
        from entities.extract.analysis import analyse, article_text  # noqa: PLC0415

        # htmldate hands dates it cannot read to dateparser, which loads every locale's data
        # (~1.5 s of CPU) the first time; `warm_up` pays that here.
        parsing.warm_up()
        analyse(
            article_text(
                title="Ministers meet in Kyiv",
                body=WARM_UP_TEXT,
                standfirst=None,
                captions=[],
                byline=[],
                outlet=None,
            )
        )
    except Exception:  # a worker that starts cold still works: each process loads them itself
        logger.exception("the extractors could not be loaded before the pool started")


@task_prerun.connect
def recycle_connection(**kwargs) -> None:
    """Before each task, what Django does before each request: close the database connection
    if it is older than CONN_MAX_AGE or broken (a restarted server), so the task opens a
    fresh one. Celery no longer closes it after every task (`CELERY_DB_REUSE_MAX`)."""
    close_old_connections()
