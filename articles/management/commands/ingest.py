"""`manage.py ingest SOURCE...`: files, folders, article URLs and feed URLs into the pipeline."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import services
from articles.models import IngestionRun
from newsdesk import pipeline
from newsdesk.dispatch import enqueue, run_synchronously


class Command(BaseCommand):
    help = (
        "Ingest files, folders (.html .htm .txt .json .jsonl), article URLs and feed URLs. "
        "Work is enqueued for the Celery workers and progress shown until it is done; "
        "--sync runs the same pipeline in this process."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", help="paths or http(s) URLs")
        parser.add_argument("--sync", action="store_true", help="run the pipeline in-process")
        parser.add_argument("--no-wait", action="store_true", help="enqueue and return")
        parser.add_argument(
            "--timeout", type=float, default=600, help="seconds to wait for the workers"
        )

    def handle(self, *args, sources, sync, no_wait, timeout, **options):
        urls = [s for s in sources if s.startswith(("http://", "https://"))]
        paths = [Path(s) for s in sources if s not in urls]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        items = [item for path in paths for item in pipeline.local_items(path)]
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
        from articles import tasks

        for item in tqdm(items, desc="reading", unit="doc", disable=not items, file=self.stderr):
            pipeline.ingest_local_item(item, run_id=run.pk)
        for url in urls:
            enqueue(tasks.fetch_url, url=url, run_id=run.pk)

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
        self.stdout.write(
            f"Run {run.pk}: {run.new} new, {run.duplicate} duplicate, {run.failed} failed."
        )
        for failure in run.failures.all()[:20]:
            self.stdout.write(f"  failed [{failure.stage}] {failure.source}: {failure.reason}")
