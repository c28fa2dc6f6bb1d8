"""`make run`: the embedded database, a Celery worker and beat, the samples, then runserver.

One process owns a run and everything it starts:

- it refuses to start, before touching anything, when another run holds the lock in
  `var/run/make-run.lock` (the lock dies with its holder, so a crash leaves nothing stale) or
  when the port is taken;
- every child gets a session of its own, so a Ctrl-C or a SIGTERM to the terminal's process
  group reaches this process only, and it alone decides how the children stop;
- on Ctrl-C, SIGTERM or SIGHUP, or when a child dies, it stops them all in a bounded time:
  SIGTERM, then SIGKILL to the child's whole process group after GRACE_SECONDS (a second
  Ctrl-C skips the wait);
- it stops the embedded database only if this run started it;
- worker and beat logs in `var/log/` are appended to, never truncated.

`python -m newsdesk.devserver stop-database` (used by `make clean`) stops the embedded
database unless a run is using it.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.embedded_db import is_running as database_is_running

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = "articles/sample_data"
# `make demo`: the samples and 24 Wikinews articles (CC BY 2.5, attributed on each page).
DEMO = "articles/demo_data/wikinews.jsonl"
SAMPLES_TIMEOUT_SECONDS = 300
# A worker's warm shutdown finishes its running tasks, hands unacked messages back, then often
# lingers for seconds in billiard's pool clean-up at exit: killing it then loses nothing. A task
# still running at the deadline is cut short (on the filesystem broker its message is lost; the
# raw document stays stored and ingesting it again is safe).
GRACE_SECONDS = 10
# A fast stop of the embedded database, then an immediate one: with GRACE_SECONDS, a stop
# takes well under 30 seconds even on a busy machine.
DATABASE_STOP_SECONDS = 10
DATABASE_IMMEDIATE_STOP_SECONDS = 5
QUEUES = "default,fetch,extract"


class Refused(Exception):
    """The run cannot start; the message is the one line shown."""


def say(message: str) -> None:
    print(message, flush=True)


def var_dir() -> Path:
    """The same directory settings.py uses (NEWSDESK_VAR_DIR, else var/ in the checkout)."""
    return Path(os.environ.get("NEWSDESK_VAR_DIR") or ROOT / "var").resolve()


def lock(var: Path, holder: str) -> int:
    """Hold var/run/make-run.lock for the life of this process, or refuse naming its holder."""
    run_dir = var / "run"
    run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(run_dir / "make-run.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        other = os.read(fd, 500).decode(errors="replace").strip() or "starting"
        os.close(fd)
        raise Refused(f"make run is already running with {var} ({other}); stop it first") from None
    os.ftruncate(fd, 0)
    os.write(fd, holder.encode())
    return fd


def check_port(port: int) -> None:
    """Refuse if something listens on the port (SO_REUSEADDR: TIME_WAIT does not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise Refused(
                f"port {port} is not free ({exc.strerror}): another server is using it; "
                f"choose another with `make run PORT={port + 1}`"
            ) from None


class Run:
    def __init__(self, var: Path, port: int, *, demo: bool = False):
        self.var = var
        self.port = port
        self.sources = [SAMPLES, DEMO] if demo else [SAMPLES]
        self.log_dir = var / "log"
        self.children: dict[str, subprocess.Popen] = {}
        self.signals: list[int] = []
        self.started_database = False
        self.env = {**os.environ, "NEWSDESK_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1"}
        self.env.setdefault("DEBUG", "1")
        self.embedded = not (os.environ.get("DATABASE_URL") or os.environ.get("DATABASE_URL_FILE"))

    def main(self) -> int:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        try:
            return self._serve()
        finally:
            self._stop_all()

    def _on_signal(self, signum, frame) -> None:
        self.signals.append(signum)

    def _interrupted(self) -> int | None:
        return 128 + self.signals[0] if self.signals else None

    # --- starting ----------------------------------------------------------------------------
    def _serve(self) -> int:
        python = sys.executable
        if self.embedded:
            if database_is_running(self.var):
                say("embedded PostgreSQL is already running: this run will leave it running")
            else:
                self.started_database = True  # set first: a Ctrl-C during start-up still stops it
                database = [python, "-m", "newsdesk.embedded_db", "start"]
                code = self._step("database", database, quiet=True)
                if code:
                    return self._interrupted() or self._failed("starting the database", code)
        code = self._step("migrate", [python, "manage.py", "migrate", "--noinput"])
        if code:
            return self._interrupted() or self._failed("migrate", code)
        # The office terms person pages show (idempotent: a second run changes nothing).
        code = self._step("officeholders", [python, "manage.py", "load_officeholders"])
        if code:
            return self._interrupted() or self._failed("loading the office terms", code)

        self.log_dir.mkdir(parents=True, exist_ok=True)
        celery = [python, "-m", "celery", "-A", "newsdesk"]
        self._start(
            "worker",
            [*celery, "worker", "-Q", QUEUES, "--concurrency", "2", "--loglevel", "INFO"],
            log=self.log_dir / "worker.log",
        )
        self._start("beat", [*celery, "beat", "--loglevel", "INFO"], log=self.log_dir / "beat.log")
        say(
            f"worker (pid {self.children['worker'].pid}) and beat "
            f"(pid {self.children['beat'].pid}) started; logs in {self.log_dir}/"
        )
        ingest = ["manage.py", "ingest", *self.sources, "--timeout", str(SAMPLES_TIMEOUT_SECONDS)]
        code = self._step("ingest", [python, *ingest])
        if self.signals:
            return self._interrupted()
        if code:
            say("ingesting the samples did not succeed (see above); serving anyway")

        runserver = ["manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"]
        self._start("runserver", [python, *runserver])
        say(f"Newsdesk on http://127.0.0.1:{self.port}/  (Ctrl-C stops everything)")
        return self._watch()

    def _start(
        self, name: str, argv: list[str], *, log: Path | None = None, quiet: bool = False
    ) -> None:
        output = subprocess.DEVNULL if quiet else None
        if log is not None:
            output = log.open("a")
            stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            output.write(f"\n===== make run (pid {os.getpid()}), {stamp} =====\n")
            output.flush()
        try:
            self.children[name] = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT if log is not None else None,
                start_new_session=True,
            )
        finally:
            if log is not None:
                output.close()

    def _step(self, name: str, argv: list[str], *, quiet: bool = False) -> int:
        """Run one child to completion; returns its status, or -1 if a signal came first."""
        self._start(name, argv, quiet=quiet)
        process = self.children[name]
        while process.poll() is None:
            if self.signals:
                return -1
            time.sleep(0.1)
        del self.children[name]
        return process.returncode

    def _watch(self) -> int:
        while not self.signals:
            for name, process in self.children.items():
                if process.poll() is not None:
                    where = f"; see {self.log_dir / name}.log" if name in ("worker", "beat") else ""
                    say(f"{name} exited with status {process.returncode}{where}")
                    return 1
            time.sleep(0.2)
        return self._interrupted()

    @staticmethod
    def _failed(what: str, code: int) -> int:
        say(f"{what} failed (status {code}); stopping")
        return 1

    # --- stopping ----------------------------------------------------------------------------
    def _stop_all(self) -> None:
        running = {name: p for name, p in self.children.items() if p.poll() is None}
        if running:
            say(f"stopping {', '.join(running)} ...")
        for process in reversed(running.values()):
            _signal_group(process, signal.SIGTERM)
        before = len(self.signals)
        began = time.monotonic()
        deadline = began + GRACE_SECONDS
        while any(p.poll() is None for p in running.values()):
            # A Ctrl-C once stopping has begun means: do not wait. Not a SIGTERM: `kill` of
            # make's process group delivers two (one direct, one forwarded by make).
            if time.monotonic() > deadline or signal.SIGINT in self.signals[before:]:
                break
            time.sleep(0.1)
        for name, process in running.items():
            if process.poll() is None:
                say(f"{name} still stopping after {time.monotonic() - began:.0f}s: killed")
        for process in self.children.values():
            # The whole group: a worker's pool processes share its group.
            _signal_group(process, signal.SIGKILL)
            process.wait()
        self.children.clear()
        self._stop_database()
        say("stopped")

    def _stop_database(self) -> None:
        if not self.embedded:
            return
        if not self.started_database:
            if database_is_running(self.var):
                say(
                    "embedded PostgreSQL left running (this run did not start it); "
                    "`make clean` stops it"
                )
            return
        for mode, seconds in (
            ("fast", DATABASE_STOP_SECONDS),
            ("immediate", DATABASE_IMMEDIATE_STOP_SECONDS),
        ):
            try:
                subprocess.run(
                    [sys.executable, "-m", "newsdesk.embedded_db", "stop", mode],
                    cwd=ROOT,
                    env=self.env,
                    stdin=subprocess.DEVNULL,
                    timeout=seconds,
                    check=False,
                )
                return
            except subprocess.TimeoutExpired:
                say(f"the embedded PostgreSQL did not stop ({mode}) within {seconds}s")


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    # The child leads its own session, so its process group id is its pid. The group outlives
    # the leader while members remain, and Linux does not reuse the id meanwhile.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def run(port: int, *, demo: bool = False) -> int:
    var = var_dir()
    try:
        held = lock(var, f"pid {os.getpid()}, serving http://127.0.0.1:{port}/")
        check_port(port)
    except Refused as exc:
        print(exc, file=sys.stderr, flush=True)
        return 1
    try:
        return Run(var, port, demo=demo).main()
    finally:
        os.close(held)


def stop_database() -> int:
    var = var_dir()
    try:
        held = lock(var, f"pid {os.getpid()}, stopping the database")
    except Refused as exc:
        print(exc, file=sys.stderr, flush=True)
        return 1
    try:
        env = {**os.environ, "NEWSDESK_VAR_DIR": str(var)}
        command = [sys.executable, "-m", "newsdesk.embedded_db", "stop"]
        return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    finally:
        os.close(held)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsdesk.devserver", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("run", help="what `make run` does")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--demo", action="store_true", help="ingest the Wikinews demo articles too")
    commands.add_parser("stop-database", help="stop the embedded database unless a run uses it")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.port, demo=args.demo)
    return stop_database()


if __name__ == "__main__":
    sys.exit(main())
