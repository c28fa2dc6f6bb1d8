"""The embedded PostgreSQL server used when DATABASE_URL is unset.

pgserver ships a real PostgreSQL in a wheel. The server keeps its data in `var/pgdata` and is
shared by every process of the project (web, worker, beat, tests): the first process to ask
starts it, the others find it running through its postmaster.pid. It is never stopped when a
process exits (`cleanup_mode=None`); `python -m newsdesk.embedded_db stop` stops it, and
`make run` stops it on exit only if that run started it.
"""

from __future__ import annotations

import os
import pwd
import sys
from pathlib import Path

import psutil  # a dependency of pgserver


def data_dir(var_dir: Path) -> Path:
    return var_dir / "pgdata"


def ensure_running(var_dir: Path) -> str:
    """Start the embedded server if needed and return a libpq URI for it."""
    import pgserver  # noqa: PLC0415 - imported lazily: production never needs it

    var_dir.mkdir(parents=True, exist_ok=True)
    # pgserver serialises initdb and start-up across processes with its own lock file.
    server = pgserver.get_server(data_dir(var_dir), cleanup_mode=None)
    return server.get_uri()


def is_running(var_dir: Path) -> bool:
    """Whether a server runs on var_dir's data, from its postmaster.pid (no pgserver import)."""
    try:
        pid = int((data_dir(var_dir) / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return False
    try:
        return psutil.Process(pid).name() == "postgres"
    except psutil.AccessDenied:  # another user's process: it exists
        return True
    except psutil.Error:
        return False


def stop(var_dir: Path, *, timeout: float = 60, mode: str = "fast") -> bool:
    """Stop the embedded server if it runs; returns whether it was running.

    `mode` is pg_ctl's: "fast" ends the sessions and writes a checkpoint; "immediate" ends
    at once, and the next start recovers from the write-ahead log."""
    from pgserver import pg_ctl  # noqa: PLC0415 - production never needs it

    pgdata = data_dir(var_dir)
    if not (pgdata / "postmaster.pid").exists():
        return False
    # The server runs as the data directory's owner (pgserver uses its own user under root);
    # pg_ctl must run as that user too.
    owner = pwd.getpwuid(pgdata.stat().st_uid).pw_name
    user = owner if os.geteuid() == 0 and owner != "root" else None
    pg_ctl(["-w", "-m", mode, "stop"], pgdata=pgdata, user=user, timeout=timeout)
    return True


if __name__ == "__main__":
    var = Path(os.environ.get("NEWSDESK_VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
    os.environ.setdefault("XDG_RUNTIME_DIR", str(var / "run"))  # as settings.py does
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        mode = sys.argv[2] if len(sys.argv) > 2 else "fast"
        stopped = stop(var, mode=mode)
        print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
    else:
        print(ensure_running(var))
