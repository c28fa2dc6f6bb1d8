"""Measurements behind the budgets in DESIGN.md. Printed as figures, never asserted in tests.

    manage.py benchmark seed --articles 100000   # synthetic data set in the configured database
    manage.py benchmark pages                    # p50/p95 and queries per page
    manage.py benchmark ingest --docs 500        # documents per second, in-process pipeline
    manage.py benchmark ingest --workers 2       # the same through the broker to 2 workers
    manage.py benchmark extract DIR              # per HTML page: ours vs trafilatura alone
    manage.py benchmark export                   # peak memory while streaming an export

Run `seed` against a database of its own (DATABASE_NAME=newsdesk_bench), never one with
real data in it.
"""

from __future__ import annotations

import contextlib
import gc
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

from django.core.signals import request_started
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

WORDS = [
    "minister",
    "talks",
    "border",
    "agreement",
    "sanctions",
    "visit",
    "envoy",
    "summit",
    "ceasefire",
    "trade",
    "energy",
    "security",
    "defence",
    "aid",
    "loan",
    "weapons",
    "delegation",
    "parliament",
    "election",
    "embassy",
    "treaty",
    "negotiations",
    "officials",
    "statement",
    "ministry",
    "president",
    "government",
    "spokesperson",
    "cooperation",
    "pipeline",
    "troops",
    "refugees",
    "humanitarian",
    "council",
    "resolution",
    "vote",
]
FIRST = [
    "Anna",
    "Boris",
    "Carla",
    "David",
    "Elena",
    "Farid",
    "Greta",
    "Hassan",
    "Ingrid",
    "Jonas",
    "Karim",
    "Lena",
    "Marco",
    "Nadia",
]
LAST = [
    "Adler",
    "Berg",
    "Costa",
    "Duarte",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanov",
    "Jansen",
    "Kovac",
    "Larsen",
]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def _sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


# --- seed --------------------------------------------------------------------------------


def seed(*, articles: int, batch: int = 2000, rng_seed: int = 7, out=print) -> None:
    """Insert a synthetic but realistically shaped data set: outlets, people, articles with
    mentions and claims, dates over five years (5% undated)."""
    from articles.models import Article, Outlet
    from entities.models import Claim, Country, Mention, Person

    rng = random.Random(rng_seed)
    countries = list(Country.objects.all())
    outlets = [
        Outlet.objects.get_or_create(name=f"Bench Outlet {i}", defaults={"domain": f"o{i}.test"})[0]
        for i in range(40)
    ]
    people = []
    existing = set(Person.objects.values_list("slug", flat=True))
    for i in range(3000):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        slug = f"bench-person-{i}"
        if slug not in existing:
            people.append(
                Person(name=name, slug=slug, role="Minister", country=rng.choice(countries))
            )
    Person.objects.bulk_create(people, batch_size=1000)
    people = list(Person.objects.filter(slug__startswith="bench-person-"))
    start_day = date(2020, 1, 1)
    offset = Article.objects.count()
    made = 0
    t0 = time.perf_counter()
    while made < articles:
        size = min(batch, articles - made)
        rows = []
        for i in range(size):
            n = offset + made + i
            title = _sentence(rng, 9)
            body = "\n\n".join(_sentence(rng, 20) for _ in range(12))
            dated = rng.random() > 0.05
            rows.append(
                Article(
                    outlet=rng.choice(outlets),
                    title=title,
                    body=body,
                    content_hash=f"bench-{n:012d}",
                    canonical_url=f"https://bench.test/{n}",
                    published=start_day + timedelta(days=rng.randrange(5 * 365)) if dated else None,
                    published_source="metadata" if dated else "none",
                    published_precision="day" if dated else "none",
                )
            )
        created = Article.objects.bulk_create(rows)
        mentions, claims = [], []
        for article in created:
            for _ in range(rng.randint(2, 6)):
                mentions.append(
                    Mention(article=article, person=rng.choice(people), location="body",
                            start=0, end=5, text="Bench")
                )  # fmt: skip
            for _ in range(rng.randint(2, 5)):
                mentions.append(
                    Mention(article=article, country=rng.choice(countries), location="body",
                            start=0, end=5, text="Bench")
                )  # fmt: skip
            for _ in range(rng.randint(0, 4)):
                speaker = rng.choice(people)
                claims.append(
                    Claim(
                        article=article, text=_sentence(rng), start=0, end=20,
                        speaker_label=speaker.name, speaker_kind="person", speaker_person=speaker,
                        speaker_country=speaker.country, cue="said",
                        stance="deny" if rng.random() < 0.1 else "assert",
                        event_type=rng.choice(["", "consult", "aid", "request", "reject"]),
                        confidence=rng.random(),
                    )
                )  # fmt: skip
        Mention.objects.bulk_create(mentions, batch_size=5000)
        Claim.objects.bulk_create(claims, batch_size=5000)
        made += size
        rate = made / (time.perf_counter() - t0)
        out(f"seeded {made}/{articles} articles ({rate:.0f}/s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- pages -------------------------------------------------------------------------------


def default_urls() -> list[str]:
    from articles.models import Article
    from entities.models import Country, Person

    person = Person.objects.active().order_by("id").first()
    article = Article.objects.order_by("-id").first()
    country = Country.objects.filter(iso2="UA").first() or Country.objects.first()
    urls = [
        "/",
        "/articles/",
        "/articles/?page=200",
        "/articles/?date_from=2021-01-01&date_to=2021-12-31",
        "/articles/?country=UA&country=IL",
        "/articles/?country=UA&date_from=2022-01-01&stance=deny",
        "/articles/?q=ceasefire+agreement",
        "/articles/?q=ceasefire&sort=relevance",
        "/claims/",
        "/claims/?stance=deny&event_type=aid",
        f"/countries/{country.iso2.lower()}/",
        "/relations/il-ua/",
    ]
    if person:
        urls += [f"/people/{person.slug}/", f"/articles/?person={person.slug}"]
    if article:
        urls.append(f"/articles/{article.pk}/")
    return urls


def pages(urls: Iterable[str], *, repeat: int = 30, out=print) -> list[dict]:
    """Time each URL `repeat` times through Django's test client (no network in between)."""
    client = Client()
    rows = []
    for url in urls:
        client.get(url)  # warm caches and connections
        timings = []
        # Each request resets the query log; as in Django's assertNumQueries, stop that
        # while counting.
        request_started.disconnect(reset_queries)
        try:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            query_count = len(queries.captured_queries)  # read before the log is reset again
        finally:
            request_started.connect(reset_queries)
        for _ in range(repeat):
            t0 = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        row = {
            "url": url,
            "status": response.status_code,
            "queries": query_count,
            "p50_ms": statistics.median(timings),
            "p95_ms": _percentile(timings, 0.95),
        }
        rows.append(row)
        if response.status_code != 200:
            row["p50_ms"] = row["p95_ms"] = float("nan")
        out(
            f"{row['status']} {row['p50_ms']:7.1f} ms p50 {row['p95_ms']:7.1f} ms p95 "
            f"{row['queries']:3d} queries  {url}"
        )
    reset_queries()
    return rows


# --- ingest ------------------------------------------------------------------------------


def _bench_items(count: int, *, rng: random.Random, label: str) -> list:
    """`count` distinct documents: the sample articles, each made unique by a last line."""
    from newsdesk import pipeline

    base = Path(__file__).resolve().parent.parent / "articles" / "sample_data"
    samples = [p.read_text() for p in sorted(base.glob("*.txt"))]
    items = []
    for i in range(count):
        text = rng.choice(samples) + f"\n\nBenchmark variant {label} {i} {time.time_ns()}."
        items.append(
            pipeline.LocalItem(
                Path(f"{label}-{i}.txt"), "text/plain", text.encode(), f"{label}-{i}"
            )
        )
    return items


def ingest(*, docs: int, workers: int = 0, out=print) -> float:
    """Documents per second through the whole pipeline (store, parse, analyse).

    Without workers the pipeline runs in this process (as `ingest --sync`). With `workers`,
    documents are enqueued through the configured broker to that many Celery worker
    processes, and the clock runs from the first document stored to the run being done.
    """
    if workers:
        return _ingest_with_workers(docs=docs, workers=workers, out=out)
    from articles.models import Article
    from newsdesk import pipeline
    from newsdesk.dispatch import run_synchronously

    items = _bench_items(docs, rng=random.Random(11), label="bench")
    before = Article.objects.count()
    t0 = time.perf_counter()
    with run_synchronously():
        for item in items:
            pipeline.ingest_local_item(item, run_id=None)
    elapsed = time.perf_counter() - t0
    made = Article.objects.count() - before
    rate = docs / elapsed
    out(f"ingested {docs} documents ({made} new articles) in {elapsed:.1f} s: {rate:.1f} docs/s")
    return rate


def _ingest_with_workers(*, docs: int, workers: int, out=print) -> float:
    from articles import services
    from articles.models import IngestionRun
    from newsdesk import pipeline

    rng = random.Random(11)
    with _celery_workers(workers, out=out) as processes:
        # Each worker process loads the extractors' data on its first document: warm them up
        # outside the measured run, as a long-running worker is.
        warm = services.run_start("benchmark warm-up", kind="manual", expected=2 * workers)
        for item in _bench_items(2 * workers, rng=rng, label="warm"):
            pipeline.ingest_local_item(item, run_id=warm.pk)
        _wait_done(warm.pk, timeout=120)

        items = _bench_items(docs, rng=rng, label="bench")
        worker_cpu = _cpu_seconds(processes)
        own_cpu = time.process_time()
        t0 = time.perf_counter()
        run = services.run_start("benchmark", kind="manual", expected=docs)
        for item in items:
            pipeline.ingest_local_item(item, run_id=run.pk)
        enqueued = time.perf_counter() - t0
        own_cpu = time.process_time() - own_cpu
        _wait_done(run.pk, timeout=max(120, docs))
        elapsed = time.perf_counter() - t0
        worker_cpu = _cpu_seconds(processes) - worker_cpu
    run = IngestionRun.objects.get(pk=run.pk)
    rate = docs / elapsed
    out(
        f"ingested {docs} documents with {workers} worker process(es) in {elapsed:.1f} s: "
        f"{rate:.1f} docs/s ({run.new} new, {run.duplicate} duplicate, {run.failed} failed; "
        f"all stored and enqueued after {enqueued:.1f} s)"
    )
    if worker_cpu == worker_cpu:  # not NaN: the platform reports other processes' CPU time
        out(
            f"CPU per document: {worker_cpu * 1000 / docs:.1f} ms in the workers, "
            f"{own_cpu * 1000 / docs:.1f} ms storing and enqueuing (PostgreSQL not included)"
        )
    return rate


def _cpu_seconds(processes) -> float:
    """User + system CPU seconds used so far by these processes (NaN where /proc is absent)."""
    import os

    total = 0.0
    for process in processes:
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _wait_done(run_id: int, *, timeout: float) -> None:
    from articles.models import IngestionRun

    deadline = time.monotonic() + timeout
    while IngestionRun.objects.filter(pk=run_id, status=IngestionRun.Status.RUNNING).exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"run {run_id} not done after {timeout:.0f} s")
        time.sleep(0.05)


@contextlib.contextmanager
def _celery_workers(count: int, *, out=print):
    """`count` Celery worker processes (solo pool: one document at a time each) on the
    configured broker and this database, stopped when the block ends.

    With the filesystem broker the queues live in a folder of their own under var/, so
    messages of a development worker are neither taken nor purged.
    """
    import os
    import shutil
    import subprocess
    import sys
    import tempfile
    import threading

    from django.conf import settings

    from newsdesk.celery import app

    env = dict(os.environ, DATABASE_NAME=connection.settings_dict["NAME"])
    broker_dir = None
    if settings.CELERY_BROKER_URL == "filesystem://":
        broker_dir = Path(tempfile.mkdtemp(prefix="broker-bench-", dir=settings.VAR_DIR))
        for sub in ("queue", "processed", "control"):
            (broker_dir / sub).mkdir()
        app.conf.broker_transport_options = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(broker_dir / "queue"),
            "data_folder_out": str(broker_dir / "queue"),
            "processed_folder": str(broker_dir / "processed"),
            "control_folder": str(broker_dir / "control"),
        }
        env["NEWSDESK_BROKER_DIR"] = str(broker_dir)
    processes = []
    ready = []
    for number in range(count):
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsdesk", "worker",
             "-Q", "extract,default", "--pool", "solo", "-n", f"bench{number}@%h",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            cwd=Path(__file__).resolve().parent.parent, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        event = threading.Event()

        def read(stream=process.stdout, event=event) -> None:
            for line in stream:  # drained to the end so the worker never blocks on a pipe
                if "ready." in line:
                    event.set()

        threading.Thread(target=read, daemon=True).start()
        processes.append(process)
        ready.append(event)
    try:
        deadline = time.monotonic() + 60
        for process, event in zip(processes, ready, strict=True):
            while not event.wait(0.1):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("a Celery worker did not start")
        out(f"{count} worker process(es) ready")
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if broker_dir is not None:
            shutil.rmtree(broker_dir, ignore_errors=True)


# --- extract -----------------------------------------------------------------------------


def extract(folder: Path, *, out=print) -> tuple[float, float]:
    """Mean ms per HTML page: trafilatura's extraction alone, then our whole extraction."""
    import trafilatura

    from newsdesk.extraction import extract_bytes

    pages_ = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".html", ".htm"))
    if not pages_:
        raise ValueError(f"no .html pages under {folder}")
    contents = [p.read_bytes() for p in pages_]

    def timed(fn: Callable[[bytes], object]) -> float:
        t0 = time.perf_counter()
        for content in contents:
            with contextlib.suppress(Exception):  # a failing page counts its time all the same
                fn(content)
        return (time.perf_counter() - t0) * 1000 / len(contents)

    alone = timed(lambda c: trafilatura.extract(c, with_metadata=True))
    ours = timed(lambda c: extract_bytes(c, source="bench.html", media_type="text/html"))
    out(
        f"{len(contents)} pages: trafilatura alone {alone:.1f} ms/page, "
        f"Newsdesk parse + extract {ours:.1f} ms/page ({ours / alone:.2f}x)"
    )
    return alone, ours


# --- export ------------------------------------------------------------------------------


def export(url: str = "/articles/export.csv", *, out=print) -> tuple[int, float]:
    """Rows and peak Python memory (MiB) while consuming a streamed export."""
    client = Client()
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    response = client.get(url)
    lines = 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out(f"{url}: {lines} lines in {elapsed:.1f} s, peak traced memory {peak / 2**20:.1f} MiB")
    return lines, peak / 2**20
