"""End to end with real processes: a Celery worker (and beat) on the configured broker."""

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from articles.models import Article, Feed, FeedEntry
from articles.services import feed_poll_schedule_ensure
from entities.models import Claim, Person
from tests.worker import ROOT, celery_worker, wait_for

SAMPLES = ROOT / "articles" / "sample_data"
WORKER_ENV = {"FETCH_MIN_DOMAIN_INTERVAL_MS": "0"}

pytestmark = [
    pytest.mark.usefixtures("country_rows"),  # the worker needs the country rows
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_ingest_command_hands_sample_articles_to_a_real_worker():
    with celery_worker(**WORKER_ENV):
        out = StringIO()
        call_command("ingest", str(SAMPLES), "--timeout", "120", stdout=out, stderr=StringIO())

    assert "2 new, 0 duplicate, 0 failed" in out.getvalue()
    assert Article.objects.filter(analysed_at__isnull=False).count() == 2
    cohen = Person.objects.get(slug="eli-cohen")
    assert cohen.mentions.values("article").distinct().count() == 2
    assert Claim.objects.filter(stance="deny").exists()


def _article_html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>"
    )


PARAGRAPHS = [
    "Foreign ministers from the two countries met in Vienna on Tuesday to discuss energy "
    "supplies and border crossings, officials said after the talks ended late in the evening.",
    "The meeting was the first at this level in more than a year, and both delegations "
    "described it as constructive, according to a joint statement released afterwards.",
    "Further rounds of talks are expected in the coming months, a diplomat told reporters, "
    "adding that working groups would meet before the summer to prepare an agreement.",
]


def _serve_feed(httpserver):
    items = ""
    for slug, title in [("talks", "Ministers meet in Vienna"), ("border", "Border talks resume")]:
        url = httpserver.url_for(f"/news/{slug}")
        items += f"<item><title>{title}</title><link>{url}</link><guid>{slug}-1</guid></item>"
        httpserver.expect_request(f"/news/{slug}").respond_with_data(
            _article_html(
                title, [*PARAGRAPHS, f"The {slug} file remains open, a spokesperson said."]
            ),
            content_type="text/html",
        )
    channel = f"<channel><title>Wire</title>{items}</channel>"
    rss = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss, content_type="application/rss+xml", headers={"ETag": '"v1"'}
    )
    return httpserver.url_for("/feed.xml")


def test_beat_polls_a_due_feed_and_the_worker_fetches_its_articles(httpserver, tmp_path):
    feed = Feed.objects.create(url=_serve_feed(httpserver), interval_minutes=60)
    # Flushes by earlier transactional tests may have removed the migration's schedule.
    feed_poll_schedule_ensure()
    # Beat counts an interval from the task's last run; pretend it ran long ago so the first
    # tick is due at once instead of a minute after start-up.
    updated = PeriodicTask.objects.filter(task="articles.poll_due_feeds").update(
        last_run_at=timezone.now() - timedelta(days=1)
    )
    assert updated == 1
    local = {**WORKER_ENV, "FETCH_ALLOW_HOSTS": f"{httpserver.host}:{httpserver.port}"}
    env = {**os.environ, **local, "DATABASE_NAME": _db_name(), "DEBUG": "1"}
    beat_log = tmp_path / "beat.log"
    with open(beat_log, "w") as log:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsdesk", "beat", "--loglevel", "DEBUG",
             "--schedule", str(tmp_path / "beat-schedule")],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        with celery_worker(**local) as worker:
            try:
                wait_for(
                    lambda: Article.objects.filter(analysed_at__isnull=False).count() == 2,
                    timeout=120,
                )
            except TimeoutError:
                pytest.fail(
                    "no articles from the feed; beat said:\n"
                    + beat_log.read_text()[-3000:]
                    + "\nworker said:\n"
                    + worker.output()[-3000:]
                )
    finally:
        beat.terminate()
        beat.wait(timeout=20)

    assert set(Article.objects.values_list("title", flat=True)) == {
        "Ministers meet in Vienna",
        "Border talks resume",
    }
    assert FeedEntry.objects.filter(feed=feed).count() == 2
    feed.refresh_from_db()
    assert (feed.etag, feed.title, feed.last_status) == ('"v1"', "Wire", 200)


def _db_name() -> str:
    return connection.settings_dict["NAME"]
