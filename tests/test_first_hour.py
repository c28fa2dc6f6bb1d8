"""A newcomer's commands work with nothing exported; production still needs a real secret.

The rule (settings._secret_key): SECRET_KEY is required when DEBUG=0 is set, or when the site is
served through newsdesk/wsgi.py (gunicorn); anything else uses a development key generated once
into var/secret_key. Every case runs in a fresh process, as a shell would run it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "articles" / "sample_data").glob("*.txt"))
# Variables a newcomer has not exported. XDG_RUNTIME_DIR goes too: the settings loaded in this
# test process point it at the checkout's var/, and the child must use its own.
NOT_EXPORTED = (
    "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "DATABASE_URL_FILE",
    "DATABASE_NAME", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "XDG_RUNTIME_DIR",
)  # fmt: skip
NO_DATABASE = "postgres://nobody@127.0.0.1:1/none"  # never connected to: start-up fails first
REFUSAL = (
    "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is required in production "
    "(DEBUG=0, or serving with gunicorn): set SECRET_KEY or SECRET_KEY_FILE"
)


def newcomer_env(var: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_EXPORTED}
    env["NEWSDESK_VAR_DIR"] = str(var)  # the checkout's own var/ belongs to whoever runs there
    env.update(extra)
    return env


def run(argv: list[str], env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env)


@pytest.fixture(scope="module")
def var(tmp_path_factory):
    """A var/ of the module's own; the embedded database the commands start there is stopped."""
    var = tmp_path_factory.mktemp("first-hour") / "var"
    yield var
    run([sys.executable, "-m", "newsdesk.embedded_db", "stop"], newcomer_env(var), timeout=90)


# --- development: nothing exported ------------------------------------------------------------
@pytest.mark.slow  # starts the embedded PostgreSQL server in a var/ of its own
def test_manage_check_works_with_nothing_exported(var):
    result = manage("check", env=newcomer_env(var))

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    key = var / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_text().strip()) >= 50


@pytest.mark.slow
def test_manage_extract_works_with_nothing_exported_and_keeps_the_development_key(var):
    manage("check", env=newcomer_env(var))
    key = (var / "secret_key").read_text()

    result = manage("extract", *map(str, SAMPLES), env=newcomer_env(var))

    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [Path(r["source"]).name for r in records] == [p.name for p in SAMPLES]
    assert (var / "secret_key").read_text() == key


def test_given_secret_key_is_used_and_no_development_key_written(tmp_path):
    env = newcomer_env(tmp_path / "var", SECRET_KEY="s" * 50, DATABASE_URL=NO_DATABASE)

    result = manage("check", env=env)

    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


# --- production: DEBUG=0 set, or served through newsdesk/wsgi.py ------------------------------
def test_debug_0_without_secret_key_refuses_with_one_clear_line(tmp_path):
    env = newcomer_env(tmp_path / "var", DEBUG="0", DATABASE_URL=NO_DATABASE)

    result = manage("check", env=env)

    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == REFUSAL
    assert not (tmp_path / "var" / "secret_key").exists()


def test_debug_0_with_secret_key_file_starts(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("p" * 50 + "\n")
    env = newcomer_env(
        tmp_path / "var", DEBUG="0", SECRET_KEY_FILE=str(secret), DATABASE_URL=NO_DATABASE
    )

    result = manage("check", env=env)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("debug", [None, "1"])
def test_wsgi_entry_point_without_secret_key_refuses_whatever_debug_says(tmp_path, debug):
    env = newcomer_env(tmp_path / "var", DATABASE_URL=NO_DATABASE)
    if debug is not None:
        env["DEBUG"] = debug

    result = run([sys.executable, "-c", "import newsdesk.wsgi"], env)

    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == REFUSAL


def test_wsgi_entry_point_with_secret_key_loads(tmp_path):
    env = newcomer_env(tmp_path / "var", SECRET_KEY="s" * 50, DATABASE_URL=NO_DATABASE)

    result = run([sys.executable, "-c", "import newsdesk.wsgi; print('loaded')"], env)

    assert (result.returncode, result.stdout.strip()) == (0, "loaded"), result.stderr


def test_gunicorn_without_secret_key_does_not_boot(tmp_path):
    """The Dockerfile's command, as docker-compose's web service runs it."""
    env = newcomer_env(tmp_path / "var", DATABASE_URL=NO_DATABASE)
    gunicorn = Path(sys.executable).with_name("gunicorn")

    result = run(
        [str(gunicorn), "newsdesk.wsgi:application", "--bind", "127.0.0.1:0", "--workers", "1"],
        env,
        timeout=60,
    )

    assert result.returncode != 0
    assert REFUSAL in result.stderr
    assert "Worker failed to boot" in result.stderr


def test_compose_app_services_are_production_and_need_a_secret():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app_services = ("migrate", "web", "worker", "worker-extract", "beat")
    for name in app_services:
        env = compose["services"][name]["environment"]
        assert env["DEBUG"] == "0", name
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), name
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "newsdesk.wsgi:application"' in dockerfile
