"""`manage.py ingest SOURCE...`: files, folders, article URLs and feed URLs into the pipeline."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import services
from articles.models import IngestionRun
from newsdesk.common.dispatch import TaskName, enqueue, run_synchronously
from newsdesk.ingestion.sources import local_items
from newsdesk.ingestion.stages import read_local_item

FAILURES_LISTED = 20


def _split_sources(sources: list[str]) -> tuple[list[str], list[Path]]:
    """http(s) URLs and local paths; any other URL scheme is refused by name."""
    urls, paths = [], []
    for source in sources:
        scheme = source.split("://", 1)[0].lower() if "://" in source else ""
        if scheme in ("http", "https"):
            urls.append(source)
        elif scheme:
            raise CommandError(
                f"unsupported URL scheme {scheme!r}: use http(s) URLs, files or folders ({source})"
            )
        else:
            paths.append(Path(source))
    return urls, paths


class Command(BaseCommand):
    """From a shell the exit status is 1 when any item failed (the summary line says so);
    call_command() returns normally and its caller reads the summary."""

    help = (
        "Ingest files, folders (.html .htm .txt .json .jsonl), article URLs and feed URLs. "
        "Work is enqueued for the Celery workers and progress shown until it is done; "
        "--sync runs the same pipeline in this process. Exits with status 1 if any item failed."
    )
    failed = 0

    def run_from_argv(self, argv):
        super().run_from_argv(argv)
        if self.failed:
            sys.exit(1)

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", help="paths or http(s) URLs")
        parser.add_argument("--sync", action="store_true", help="run the pipeline in-process")
        parser.add_argument("--no-wait", action="store_true", help="enqueue and return")
        parser.add_argument(
            "--timeout", type=float, default=600, help="seconds to wait for the workers"
        )

    def handle(self, *args, sources, sync, no_wait, timeout, **options):
        if any(not source.strip() for source in sources):
            # An empty argument would be Path(""), the current folder: never meant.
            raise CommandError("an empty source was given: name files, folders or URLs")
        urls, paths = _split_sources(sources)
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        items = [item for path in paths for item in local_items(path)]
        run = services.run_start(
            " ".join(sources), kind="sync" if sync else "manual", expected=len(items) + len(urls)
        )
        if sync:
            with run_synchronously():
                self._submit(run, items, urls)
        else:
            self._submit(run, items, urls)
            if no_wait:
                self.stdout.write(f"Enqueued run {run.pk}: {run.expected} item(s).")
                return
            self._wait(run, timeout)
        self._summary(run)

    def _submit(self, run, items, urls):
        for item in tqdm(items, desc="reading", unit="doc", disable=not items, file=self.stderr):
            read_local_item(item, run_id=run.pk)
        for url in urls:
            enqueue(TaskName.FETCH_URL, url=url, run_id=run.pk)

    def _wait(self, run, timeout):
        deadline = time.monotonic() + timeout
        with tqdm(total=run.expected, desc="processing", unit="doc", file=self.stderr) as bar:
            while True:
                run.refresh_from_db()
                bar.total = run.expected
                bar.n = run.processed
                bar.refresh()
                if run.status != IngestionRun.Status.RUNNING:
                    return
                if time.monotonic() > deadline:
                    raise CommandError(
                        f"run {run.pk} not finished after {timeout:.0f}s: is a worker running? "
                        "(start one with `celery -A newsdesk worker`, or use --sync)"
                    )
                time.sleep(0.3)

    def _summary(self, run):
        run.refresh_from_db()
        self.failed = run.failed
        counts = f"{run.new} new, {run.duplicate} duplicate, {run.failed} failed"
        if not run.failed:
            self.stdout.write(self.style.SUCCESS(f"Run {run.pk} done: {counts}."))
            return
        self.stdout.write(self.style.ERROR(f"Run {run.pk} finished with failures: {counts}."))
        for failure in run.failures.all()[:FAILURES_LISTED]:
            self.stdout.write(f"  failed [{failure.stage}] {failure.source}: {failure.reason}")
        if run.failed > FAILURES_LISTED:
            more = run.failed - FAILURES_LISTED
            self.stdout.write(f"  ... and {more} more (Ingestion failures in the admin)")
