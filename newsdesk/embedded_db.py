"""The embedded PostgreSQL server used when DATABASE_URL is unset.

pgserver ships a real PostgreSQL in a wheel. The server keeps its data in `var/pgdata` and is
shared by every process of the project (web, worker, beat, tests): the first process to ask
starts it, the others find it running through its postmaster.pid. It is never stopped when a
process exits (`cleanup_mode=None`); `python -m newsdesk.embedded_db stop` stops it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def data_dir(var_dir: Path) -> Path:
    return var_dir / "pgdata"


def ensure_running(var_dir: Path) -> str:
    """Start the embedded server if needed and return a libpq URI for it."""
    import pgserver  # imported lazily: production never needs it

    var_dir.mkdir(parents=True, exist_ok=True)
    # pgserver serialises initdb and start-up across processes with its own lock file.
    server = pgserver.get_server(data_dir(var_dir), cleanup_mode=None)
    return server.get_uri()


def stop(var_dir: Path) -> bool:
    """Stop the embedded server if it runs; returns whether it was running."""
    import os
    import pwd

    from pgserver import pg_ctl

    pgdata = data_dir(var_dir)
    if not (pgdata / "postmaster.pid").exists():
        return False
    # The server runs as the data directory's owner (pgserver uses its own user under root);
    # pg_ctl must run as that user too.
    owner = pwd.getpwuid(pgdata.stat().st_uid).pw_name
    user = owner if os.geteuid() == 0 and owner != "root" else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
    return True


if __name__ == "__main__":
    import os

    var = Path(os.environ.get("NEWSDESK_VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
    os.environ.setdefault("XDG_RUNTIME_DIR", str(var / "run"))  # as settings.py does
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        print("embedded PostgreSQL stopped" if stop(var) else "embedded PostgreSQL was not running")
    else:
        print(ensure_running(var))
