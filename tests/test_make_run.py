"""`make run` for real: one run per var/, and Ctrl-C or SIGTERM stops everything it started.

Each run uses the embedded database and the filesystem broker in a var/ of this module's own
(NEWSDESK_VAR_DIR) and a free port. Runs are sequential and share the var/, so only the first
one pays for initdb and the migrations. Whatever a test starts is stopped even if it fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

# make's own line about a failed recipe: "make: ***", or "make[1]: ***" under another make.
MAKE_ERROR = re.compile(r"^make(\[\d+\])?: \*\*\*")

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 300  # initdb, migrations and the two samples through the worker
STOP_SECONDS = 30
NOT_EXPORTED = (
    "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "DATABASE_URL_FILE",
    "DATABASE_NAME", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "XDG_RUNTIME_DIR",
)  # fmt: skip

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_run(var: Path, port: int, output: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in NOT_EXPORTED}
    env["NEWSDESK_VAR_DIR"] = str(var)
    with output.open("a") as out:
        # -o: never reinstall the venv these tests run in, even if pyproject.toml is newer.
        return subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "run", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own, as a terminal gives it
        )


def home_status(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def run_processes(make: psutil.Process, var: Path) -> set[psutil.Process]:
    """make, everything under it (in sessions of their own) and the embedded PostgreSQL."""
    found = {make}
    with contextlib.suppress(psutil.NoSuchProcess):
        found.update(make.children(recursive=True))
    for process in psutil.process_iter(["cmdline"]):
        if str(var / "pgdata") in " ".join(process.info["cmdline"] or []):
            found.add(process)
    return found


def describe(processes) -> str:
    lines = []
    for process in processes:
        try:
            lines.append(f"{process.pid} {' '.join(process.cmdline())[:150]}")
        except psutil.Error:
            lines.append(f"{process.pid} (gone)")
    return "\n".join(lines)


class Started:
    """A `make run` the test started: its processes, its output, how to stop it."""

    def __init__(self, var: Path, port: int, output: Path):
        self.var, self.port, self.output = var, port, output
        self.popen = make_run(var, port, output)
        self.make = psutil.Process(self.popen.pid)
        self.seen: set[psutil.Process] = {self.make}

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while home_status(self.port) != 200:
            if self.popen.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make run did not serve:\n{self.output.read_text()[-5000:]}")
            time.sleep(0.5)

    def processes(self) -> set[psutil.Process]:
        self.seen |= run_processes(self.make, self.var)
        return {p for p in self.seen if p.is_running()}

    def clean_up(self) -> None:
        """Stop whatever is left: SIGTERM to the group, then SIGKILL to every process seen."""
        if self.popen.poll() is None:
            self.processes()
            os.killpg(self.popen.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=STOP_SECONDS)
        for process in self.seen | run_processes(self.make, self.var):
            with contextlib.suppress(psutil.Error):
                process.kill()
        self.popen.wait(timeout=10)
        env = {**os.environ, "NEWSDESK_VAR_DIR": str(self.var)}
        env.pop("XDG_RUNTIME_DIR", None)
        subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-m", "newsdesk.embedded_db", "stop"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=90,
            check=False,
        )


@pytest.fixture(scope="module")
def var(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("make-run") / "var"


@pytest.fixture
def start(var, tmp_path):
    started: list[Started] = []

    def start_run(port: int | None = None, var_dir: Path | None = None) -> Started:
        run = Started(var_dir or var, port or free_port(), tmp_path / f"run-{len(started)}.out")
        started.append(run)
        return run

    yield start_run
    # In start order: the run that got the lock stops its database before a refused run's
    # clean-up looks for processes on the same var/.
    for run in started:
        run.clean_up()


def test_second_run_on_the_same_checkout_refuses_early_and_the_first_keeps_serving(
    start, var, tmp_path
):
    first = start()
    first.wait_until_serving()
    before = first.processes()
    worker_log = (var / "log" / "worker.log").read_text()

    second = start(port=first.port)
    assert second.popen.wait(timeout=60) != 0

    lines = [line for line in second.output.read_text().splitlines() if line.strip()]
    ours = [line for line in lines if not MAKE_ERROR.match(line)]
    assert len(ours) == 1, lines
    assert ours[0].startswith(f"make run is already running with {var} (pid ")
    assert home_status(first.port) == 200
    assert first.processes() == before
    assert (var / "log" / "worker.log").read_text().startswith(worker_log)


def test_run_on_a_port_in_use_refuses_before_starting_anything(start, tmp_path):
    first = start()
    first.wait_until_serving()
    elsewhere = tmp_path / "other-var"

    other = start(port=first.port, var_dir=elsewhere)
    assert other.popen.wait(timeout=60) != 0

    ours = [
        line
        for line in other.output.read_text().splitlines()
        if line.strip() and not MAKE_ERROR.match(line)
    ]
    assert len(ours) == 1 and ours[0].startswith(f"port {first.port} is not free"), ours
    assert sorted(p.name for p in elsewhere.iterdir()) == ["run"]  # the lock, nothing else
    assert home_status(first.port) == 200


def test_make_clean_refuses_while_a_run_uses_the_database(start, var):
    first = start()
    first.wait_until_serving()
    env = {k: v for k, v in os.environ.items() if k not in NOT_EXPORTED}
    env["NEWSDESK_VAR_DIR"] = str(var)

    clean = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "clean"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert clean.returncode != 0
    assert clean.stderr.startswith(f"make run is already running with {var} (pid ")
    assert (var / "pgdata" / "PG_VERSION").exists()
    assert home_status(first.port) == 200


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_to_the_process_group_stops_every_process_of_the_run(start, var, signum):
    worker_log = var / "log" / "worker.log"
    earlier = worker_log.read_text() if worker_log.exists() else ""
    run = start()
    run.wait_until_serving()
    processes = run.processes()
    names = describe(processes)
    assert len(processes) >= 6, names  # make, devserver, worker (+pool), beat, runserver, db
    assert any("postgres" in p.name() for p in processes), names
    # Appended, not truncated: what earlier runs logged is still there, under its header.
    assert worker_log.read_text().startswith(earlier)
    assert worker_log.read_text().count("===== make run") == earlier.count("===== make run") + 1

    started = time.monotonic()
    os.killpg(run.popen.pid, signum)
    gone, alive = psutil.wait_procs(processes, timeout=STOP_SECONDS)
    elapsed = time.monotonic() - started

    print(f"\n{signal.Signals(signum).name}: {len(gone)} processes gone in {elapsed:.1f}s")
    assert not alive, f"still running after {STOP_SECONDS}s:\n{describe(alive)}"
    assert not (run_processes(run.make, var) - {run.make}), "a process of the run is left"
    output = run.output.read_text()
    assert "embedded PostgreSQL stopped" in output and "\nstopped\n" in output, output[-3000:]
