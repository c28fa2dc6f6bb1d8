"""Start a real Celery worker process on the configured broker, against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
QUEUES = ("default", "fetch", "extract")


@contextmanager
def celery_worker(*, timeout: float = 60, **extra_env: str) -> Iterator[subprocess.Popen]:
    """A worker consuming every queue of the project, stopped when the block ends.

    The queues are emptied first: messages left by an earlier run (the broker outlives test
    databases) would otherwise be worked on before this test's own.
    """
    purge_queues()
    env = dict(os.environ)
    env.update(extra_env)
    env["DATABASE_NAME"] = connection.settings_dict["NAME"]
    env.setdefault("DEBUG", "1")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "newsdesk", "worker",
            "-Q", ",".join(QUEUES), "--pool", "solo", "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if "ready." in line:
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while not ready.is_set():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the Celery worker did not start:\n" + "".join(lines[-50:]))
        time.sleep(0.1)
    process.output = lambda: "".join(lines)  # type: ignore[attr-defined]
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def purge_queues() -> None:
    from newsdesk.celery import app

    with app.connection_for_write() as conn:
        channel = conn.default_channel
        for queue in QUEUES:
            try:
                channel.queue_purge(queue)
            except Exception:  # a queue that was never declared has nothing in it
                channel = conn.channel()


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2):
    """Poll until predicate() is truthy; returns its value or raises TimeoutError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError("condition not met in time")
