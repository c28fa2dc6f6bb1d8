"""Start a real Celery worker process on the configured broker, against the test database."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
QUEUES = ("default", "fetch", "extract")


def _start_worker(options: list[str], env: dict, timeout: float):
    """Start a worker on every queue of the project and wait until it says it is ready; returns
    the process and the list its output lines are collected in (by a reader thread)."""
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "newsdesk", "worker", "-Q", ",".join(QUEUES),
            *options, "--loglevel", "INFO",
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

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.is_set():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the Celery worker did not start:\n" + "".join(lines[-50:]))
        time.sleep(0.1)
    return process, lines


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
    process, lines = _start_worker(["--pool", "solo"], env, timeout)
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
    from newsdesk.celery import app  # noqa: PLC0415 - after Django settings are configured

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


# --- Fault tests: a broker of the test's own, a worker to kill, commands run beside it -------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free port that keeps nothing on disk: killing it
    loses every message in it, as a broker without persistence does when it restarts. Its
    own server also keeps other test runs' workers and messages away from the test's."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, timeout: float = 20) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        wait_for(lambda: self._answers(client), timeout=timeout, interval=0.05)

    def _answers(self, client) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {self.process.returncode}")
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A fresh redis-server for one test, killed when the block ends."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.kill()


def process_env(broker_url: str, **extra_env: str) -> dict[str, str]:
    """The environment of a process that works on the test database through `broker_url`."""
    env = dict(os.environ)
    env.update(extra_env)
    env["CELERY_BROKER_URL"] = broker_url
    env["DATABASE_NAME"] = connection.settings_dict["NAME"]
    env.setdefault("DEBUG", "1")
    return env


class Worker:
    """A real Celery worker (prefork: a main process and its pool's child processes)."""

    def __init__(self, process: subprocess.Popen, lines: list[str]) -> None:
        self.process = process
        self.lines = lines

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return "".join(self.lines)

    def children(self) -> list[int]:
        """The pool's processes: those whose parent is the main process."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended while we looked
                continue
            if int(fields[1]) == self.pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def kill(self) -> None:
        """SIGKILL the main process: no warm shutdown, no acknowledgement, no goodbye."""
        self.process.kill()
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


@contextmanager
def prefork_worker(
    broker_url: str, *, concurrency: int = 2, timeout: float = 60, **extra_env: str
) -> Iterator[Worker]:
    """A prefork worker on every queue of the project, through `broker_url`; stopped (or
    found killed) when the block ends. `extra_env` sets its settings (time limits, ...)."""
    pool = ["--pool", "prefork", "--concurrency", str(concurrency)]
    name = ["-n", f"faults-{os.getpid()}-{time.monotonic_ns()}@%h"]
    process, lines = _start_worker([*pool, *name], process_env(broker_url, **extra_env), timeout)
    worker = Worker(process, lines)
    try:
        yield worker
    finally:
        worker.stop()


def manage(*args: str, broker_url: str, timeout: float = 120, **extra_env: str) -> str:
    """Run `manage.py ARGS` in a process of its own on the test database and broker; its
    output, or RuntimeError with it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_env(broker_url, **extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


VOCABULARY = (
    "agreement ambassador border budget cabinet capital ceasefire coalition committee convoy "
    "council crossing debate delegation deputy draft economy election embassy energy envoy "
    "exports farmers grain harbour hospital industry inquiry investment judge labour ministry "
    "negotiators parliament pipeline police port proposal railway reform refugees region "
    "sanctions schools senate shipping summit tariffs taxes teachers trade treaty tribunal "
    "union villages voters water weapons workers"
)


def write_documents(folder: Path, count: int, *, paragraphs: int = 4) -> Path:
    """`count` small text articles in `folder` (made if need be), no two alike; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    rng, words = random.Random(count), VOCABULARY.split()
    for number in range(count):
        body = "\n\n".join(
            " ".join(rng.choice(words) for _ in range(30)).capitalize()
            + f", officials said in statement {number}-{paragraph}."
            for paragraph in range(paragraphs)
        )
        (folder / f"doc-{number:04d}.txt").write_text(f"Talks round {number}\n\n{body}\n")
    return folder


def sweep_in_process_of_its_own(broker_url: str, **extra_env: str) -> str:
    """Run the sweeper as beat's task would, in a process working through `broker_url`."""
    code = "from newsdesk.ingestion.sweeper import sweep; print(sweep())"
    return manage("shell", "--no-imports", "-c", code, broker_url=broker_url, **extra_env).strip()
