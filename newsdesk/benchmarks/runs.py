"""Measurements behind the budgets in DESIGN.md. Printed as figures, never asserted in tests.

    manage.py benchmark seed --articles 100000 --seed 7   # skewed synthetic archive (seeding.py)
    manage.py benchmark pages             # p50/p95, queries, ratio to a stock ListView, load
    manage.py benchmark ingest --docs 500        # documents per second, in-process pipeline
    manage.py benchmark ingest --workers 2       # the same through the broker to 2 workers
    manage.py benchmark ingest --source DIR      # real HTML pages, repeated with varied text
    manage.py benchmark extract DIR              # per HTML page: ours vs trafilatura alone
    manage.py benchmark export                   # peak memory while streaming an export

Run `seed` against a database of its own (DATABASE_URL=.../newsdesk_bench), never one with
real data in it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path

import trafilatura
from celery import current_app
from django.conf import settings
from django.core.signals import request_started
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles import parsing, services
from articles.models import Article, IngestionFailure, IngestionRun
from entities.models import Country, Person
from newsdesk.benchmarks import seeding
from newsdesk.benchmarks.stock import STOCK_URL
from newsdesk.common.dispatch import run_synchronously
from newsdesk.ingestion.contract import extract_bytes
from newsdesk.ingestion.sources import LocalItem
from newsdesk.ingestion.stages import read_local_item


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


# --- seed: newsdesk/benchmarks/seeding.py -------------------------------------------------

seed = seeding.seed


# --- pages -------------------------------------------------------------------------------


def _ranked(column: str, *, among: str = "") -> list[int]:
    """Ids of countries or people (`column` of the mentions) by articles naming them, most first."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM entities_mention WHERE {column} IS NOT NULL {among} "
            "GROUP BY 1 ORDER BY COUNT(DISTINCT article_id) DESC, 1"
        )
        return [row[0] for row in cursor.fetchall()]


def _top_pair(country_ids: list[int]) -> tuple[int, int] | None:
    """The two of these countries named together in the most articles."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.country_id, b.country_id FROM entities_mention a JOIN entities_mention b "
            "ON b.article_id = a.article_id AND b.country_id > a.country_id "
            "WHERE a.country_id = ANY(%s) AND b.country_id = ANY(%s) "
            "GROUP BY 1, 2 ORDER BY COUNT(DISTINCT a.article_id) DESC LIMIT 1",
            [country_ids, country_ids],
        )
        row = cursor.fetchone()
    return row


def default_urls() -> list[str]:
    """The lists with filters and searches from common to rare words, and the person, country
    and relation pages of the most named (the largest) and of a middling one."""
    countries = _ranked("country_id")
    people = _ranked("person_id")
    codes = dict(Country.objects.values_list("pk", "iso2"))
    slugs = dict(Person.objects.filter(pk__in=people[:1] + people[len(people) // 2 :][:1])
                 .values_list("pk", "slug"))  # fmt: skip
    article = Article.objects.order_by("-id").first()
    urls = [
        "/",
        "/articles/",
        "/articles/?page=200",
        "/articles/?date_from=2021-01-01&date_to=2021-12-31",
        "/articles/?country=UA&country=IL",
        "/articles/?country=UA&date_from=2022-01-01&stance=deny",
        "/articles/?q=minister",
        "/articles/?q=ceasefire+agreement",
        "/articles/?q=corridor",
        "/articles/?q=pandemic",
        "/articles/?q=ceasefire&sort=relevance",
        "/claims/",
        "/claims/?stance=deny&event_type=aid",
    ]
    if countries:
        top, middle = codes[countries[0]].lower(), codes[countries[len(countries) // 2]].lower()
        urls += [f"/countries/{top}/", f"/countries/{middle}/"]
        pair = _top_pair(countries[:8])
        if pair:
            urls.append("/relations/{}-{}/".format(*sorted(codes[c].lower() for c in pair)))
        if middle != top:
            urls.append("/relations/{}-{}/".format(*sorted((top, middle))))
    for pk in people[:1] + people[len(people) // 2 :][:1]:
        urls.append(f"/people/{slugs[pk]}/")
    if people:
        urls.append(f"/articles/?person={slugs[people[0]]}")
    if article:
        urls.append(f"/articles/{article.pk}/")
    return urls


def _time(client: Client, url: str, repeat: int) -> dict:
    client.get(url)  # warm caches and connections
    # Each request resets the query log; as in Django's assertNumQueries, stop that
    # while counting.
    request_started.disconnect(reset_queries)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries.captured_queries)  # read before the log is reset again
    finally:
        request_started.connect(reset_queries)
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
    ok = response.status_code == 200
    return {
        "url": url,
        "status": response.status_code,
        "queries": query_count,
        "p50_ms": statistics.median(timings) if ok else float("nan"),
        "p95_ms": _percentile(timings, 0.95) if ok else float("nan"),
    }


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def pages(urls: Iterable[str], *, repeat: int = 30, out=print) -> list[dict]:
    """Time each URL `repeat` times through Django's test client (no network in between),
    with a plain Django ListView over the same article index (`stock.py`) measured first, so
    each page's p50 and p95 come with their ratio to it. Prints the load average before and
    after: the figures mean little on a machine busy with other work."""
    out(f"load average (1, 5, 15 min) before: {_load()} on {os.cpu_count()} CPUs")
    client = Client()
    with override_settings(ROOT_URLCONF="newsdesk.benchmarks.stock"):
        stock = _time(client, STOCK_URL, repeat)
        out(
            f"{stock['status']} {stock['p50_ms']:7.1f} ms p50 {stock['p95_ms']:7.1f} ms p95 "
            f"{stock['queries']:3d} queries  stock ListView (the yardstick: x1.0)"
        )
        rows = []
        for url in urls:
            row = _time(client, url, repeat)
            row["x_p50"] = row["p50_ms"] / stock["p50_ms"]
            row["x_p95"] = row["p95_ms"] / stock["p95_ms"]
            rows.append(row)
            out(
                f"{row['status']} {row['p50_ms']:7.1f} ms p50 {row['p95_ms']:7.1f} ms p95 "
                f"{row['queries']:3d} queries  x{row['x_p50']:4.1f} p50 x{row['x_p95']:4.1f} p95"
                f"  {url}"
            )
    reset_queries()
    out(f"load average (1, 5, 15 min) after: {_load()}")
    return [stock, *rows]


# --- ingest ------------------------------------------------------------------------------


def _bench_items(count: int, *, rng: random.Random, label: str, source: Path | None = None):
    """`count` distinct documents: the sample articles made unique by a last line, or, with
    `source`, the HTML pages under it, repeated with their text varied (`vary_html`)."""
    if source is not None:
        pages_ = sorted(p for p in source.rglob("*") if p.suffix.lower() in (".html", ".htm"))
        if not pages_:
            raise ValueError(f"no .html pages under {source}")
        html = [p.read_text(errors="replace") for p in pages_]
        # Varied differently on every run: a second run on the same database stores new
        # articles rather than finding the first run's copies.
        rng = random.Random(f"{rng.random()}-{time.time_ns()}")
        return [
            LocalItem(
                Path(f"{label}-{i}.html"),
                "text/html",
                vary_html(html[i % len(html)], rng).encode(),
                f"{label}-{i}",
            )
            for i in range(count)
        ]
    base = Path(__file__).resolve().parents[2] / "articles" / "sample_data"
    samples = [p.read_text() for p in sorted(base.glob("*.txt"))]
    items = []
    for i in range(count):
        text = rng.choice(samples) + f"\n\nBenchmark variant {label} {i} {time.time_ns()}."
        items.append(
            LocalItem(Path(f"{label}-{i}.txt"), "text/plain", text.encode(), f"{label}-{i}")
        )
    return items


_TEXT_NODE = re.compile(r">([^<>]{30,})<")
_WORD = re.compile(r"[A-Za-z]{4,}")
# A page's own address (canonical link, og:url): every copy would be the same article by URL.
_PAGE_ADDRESS = re.compile(
    r"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+(?:og:url|twitter:url)[^>]*>", re.I
)


def vary_html(html: str, rng: random.Random, share: float = 0.3) -> str:
    """The page with about `share` of the longer words of its text replaced by news words,
    words added to its title and its own address (canonical link, og:url) left out: a copy
    that is neither the same URL nor a near-duplicate of the page (most shingles change) and
    still reads as an article to the extractors."""

    def word(match: re.Match) -> str:
        return rng.choice(seeding.VOCABULARY) if rng.random() < share else match.group(0)

    def text(match: re.Match) -> str:
        return ">" + _WORD.sub(word, match.group(1)) + "<"

    varied = _TEXT_NODE.sub(text, _PAGE_ADDRESS.sub("", html))
    extra = " ".join(rng.sample(seeding.VOCABULARY, 3))
    return varied.replace("</title>", f" {extra}</title>", 1)


def ingest(*, docs: int, workers: int = 0, source: Path | None = None, out=print) -> float:
    """Documents per second through the whole pipeline (store, parse, analyse).

    Without workers the pipeline runs in this process (as `ingest --sync`). With `workers`,
    documents are enqueued through the configured broker to that many Celery worker
    processes, and the clock runs from the first document stored to the run being done.
    Either way the CPU time per document is printed too, ours and PostgreSQL's (when it
    runs on this host): on a shared machine it is the figure that compares across runs.
    """
    if workers:
        return _ingest_with_workers(docs=docs, workers=workers, source=source, out=out)

    rng = random.Random(11)
    # Loaded once per process, as a worker does before its first document (its
    # `worker_init` handlers): the parser's date data, then the extractors' tables.
    parsing.warm_up()
    with run_synchronously():
        for item in _bench_items(2, rng=rng, label="warm", source=source):
            read_local_item(item, run_id=None)
    items = _bench_items(docs, rng=rng, label="bench", source=source)
    run = services.run_start("benchmark", kind="manual", expected=docs)
    database_cpu = _cpu_seconds(_database_backends(own=True))
    own_cpu = time.process_time()
    t0 = time.perf_counter()
    with run_synchronously(), CaptureQueriesContext(connection) as queries:
        for item in items:
            read_local_item(item, run_id=run.pk)
    elapsed = time.perf_counter() - t0
    own_cpu = time.process_time() - own_cpu
    database_cpu = _cpu_seconds(_database_backends(own=True)) - database_cpu
    rate = docs / elapsed
    out(f"ingested {docs} documents in {elapsed:.1f} s: {rate:.1f} docs/s ({_outcomes(run)})")
    out(
        f"CPU per document: {own_cpu * 1000 / docs:.1f} ms in this process, "
        f"{_per_document_ms(database_cpu, docs)} in PostgreSQL; "
        f"{len(queries.captured_queries) / docs:.1f} SQL statements per document"
    )
    out(f"load average (1, 5, 15 min): {_load()}")
    return rate


def _outcomes(run: IngestionRun) -> str:
    """What became of a run's documents. An article whose analysis failed is stored, and
    counted new by its run: its failure is counted apart, so that a run measured while the
    extractors fail says so."""
    run = IngestionRun.objects.get(pk=run.pk)
    analyses_failed = IngestionFailure.objects.filter(
        stage=IngestionFailure.Stage.ANALYSE, created_at__gte=run.started_at
    ).count()
    return (
        f"{run.new} new, {run.duplicate} duplicate, {run.failed} failed, "
        f"{analyses_failed} analyses failed"
    )


def _per_document_ms(seconds: float, docs: int) -> str:
    return "n/a" if seconds != seconds else f"{seconds * 1000 / docs:.1f} ms"


def _ingest_with_workers(*, docs: int, workers: int, source: Path | None, out=print) -> float:

    rng = random.Random(11)
    with _celery_workers(workers, out=out) as processes:
        # Each worker process loads the extractors' data on its first document: warm them up
        # outside the measured run, as a long-running worker is.
        warm = services.run_start("benchmark warm-up", kind="manual", expected=2 * workers)
        for item in _bench_items(2 * workers, rng=rng, label="warm", source=source):
            read_local_item(item, run_id=warm.pk)
        _wait_done(warm.pk, timeout=120)

        items = _bench_items(docs, rng=rng, label="bench", source=source)
        worker_cpu = _cpu_seconds(process.pid for process in processes)
        database_cpu = {pid: _cpu_seconds([pid]) for pid in _database_backends()}
        sessions = _database_sessions()
        own_cpu = time.process_time()
        t0 = time.perf_counter()
        run = services.run_start("benchmark", kind="manual", expected=docs)
        for item in items:
            read_local_item(item, run_id=run.pk)
        enqueued = time.perf_counter() - t0
        own_cpu = time.process_time() - own_cpu
        _wait_done(run.pk, timeout=max(120, docs))
        elapsed = time.perf_counter() - t0
        worker_cpu = _cpu_seconds(process.pid for process in processes) - worker_cpu
        # Backends connected since the start count in full; one that has disconnected
        # meanwhile is missed, and said so (a worker that closes its connection after each
        # task has a new backend for every document).
        backends = _database_backends()
        opened = _database_sessions() - sessions
        missed = len(database_cpu.keys() - set(backends)) + max(
            0, opened - len(set(backends) - database_cpu.keys())
        )
        database_cpu = sum(_cpu_seconds([pid]) - database_cpu.get(pid, 0.0) for pid in backends)
    rate = docs / elapsed
    out(
        f"ingested {docs} documents with {workers} worker process(es) in {elapsed:.1f} s: "
        f"{rate:.1f} docs/s ({_outcomes(run)}; all stored and enqueued after {enqueued:.1f} s)"
    )
    out(
        f"CPU per document: {_per_document_ms(worker_cpu, docs)} in the workers, "
        f"{own_cpu * 1000 / docs:.1f} ms storing and enqueuing, "
        f"{_per_document_ms(database_cpu, docs)} in PostgreSQL (its backends for this database"
        + (
            f"; {missed} that connected and closed during the run are not counted: too low)"
            if missed
            else ")"
        )
    )
    out(f"load average (1, 5, 15 min): {_load()}")
    return rate


def _database_backends(*, own: bool = False) -> list[int]:
    """Process ids of PostgreSQL's backends for this database: every one, or only this
    connection's (`own`). Their CPU time is read from /proc: PostgreSQL on this host."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            + (" AND pid = pg_backend_pid()" if own else "")
        )
        return [row[0] for row in cursor.fetchall()]


def _database_sessions() -> int:
    """Connections ever opened to this database (PostgreSQL counts them by the time they
    close)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU seconds used so far by these processes (NaN where /proc is absent
    or the processes are not readable)."""

    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _wait_done(run_id: int, *, timeout: float) -> None:

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

    env = dict(os.environ, DATABASE_NAME=connection.settings_dict["NAME"])
    broker_dir = None
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        broker_dir = Path(tempfile.mkdtemp(prefix="broker-bench-", dir=settings.VAR_DIR))
        for sub in ("queue", "processed", "control"):
            (broker_dir / sub).mkdir()
        current_app.conf.broker_transport_options = {
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
            cwd=Path(__file__).resolve().parents[2], env=env,
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
