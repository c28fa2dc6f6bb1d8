"""The Redis visibility timeout and the sweeper's settings, read at start-up in fresh
processes (the settings module is read once per process)."""

import os
import subprocess
import sys

from tests.worker import ROOT

PRINT_OPTIONS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(getattr(settings, 'CELERY_BROKER_TRANSPORT_OPTIONS', {}).get('visibility_timeout'))"
)


def _settings(**env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings", "DEBUG": "1"}
    for name in ("CELERY_VISIBILITY_TIMEOUT", "CELERY_TASK_TIME_LIMIT"):
        environment.pop(name, None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_redis_visibility_timeout_outlasts_the_hard_time_limit_by_default():
    result = _settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/0", CELERY_TASK_TIME_LIMIT="300")
    assert result.stdout.strip() == "600", result.stderr


def test_visibility_timeout_from_the_environment():
    result = _settings(CELERY_BROKER_URL="rediss://cache:6380/0", CELERY_VISIBILITY_TIMEOUT="900")
    assert result.stdout.strip() == "900", result.stderr


def test_visibility_timeout_not_above_the_hard_time_limit_is_refused():
    result = _settings(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        CELERY_TASK_TIME_LIMIT="300",
        CELERY_VISIBILITY_TIMEOUT="300",
    )
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT=300 must exceed CELERY_TASK_TIME_LIMIT=300" in result.stderr


def test_other_brokers_get_no_visibility_timeout(tmp_path):
    result = _settings(CELERY_BROKER_URL="", NEWSDESK_BROKER_DIR=str(tmp_path / "broker"))
    assert result.stdout.strip() == "None", result.stderr
