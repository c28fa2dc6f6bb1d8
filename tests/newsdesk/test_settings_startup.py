"""Start-up behaviour of the settings module, in fresh processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _base_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_NAME")}
    env["NEWSDESK_VAR_DIR"] = str(tmp_path / "var")
    env["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    return env


def test_secret_key_required_when_debug_off(tmp_path):
    env = _base_env(tmp_path)
    env.update(DEBUG="0", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    env.pop("SECRET_KEY", None)
    result = _run("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_bad_boolean_fails_with_variable_name(tmp_path):
    env = _base_env(tmp_path)
    env.update(DEBUG="perhaps", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = _run("import django; django.setup()", env)
    assert result.returncode != 0
    assert "DEBUG='perhaps'" in result.stderr


def test_non_postgres_database_url_is_refused(tmp_path):
    env = _base_env(tmp_path)
    env.update(DEBUG="1", DATABASE_URL="sqlite:///db.sqlite3")
    result = _run("import django; django.setup()", env)
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


@pytest.mark.slow
def test_embedded_database_starts_from_nothing_when_database_url_unset(tmp_path):
    """Without DATABASE_URL a PostgreSQL server is initialised in var/ and answers queries."""
    env = _base_env(tmp_path)
    env["DEBUG"] = "1"
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('select version()'); print(c.fetchone()[0])\n"
    )
    try:
        result = _run(code, env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("PostgreSQL")
        assert (tmp_path / "var" / "pgdata" / "PG_VERSION").exists()
        assert (tmp_path / "var" / "secret_key").exists()
    finally:
        subprocess.run(
            [sys.executable, "-m", "newsdesk.embedded_db", "stop"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=60,
        )
