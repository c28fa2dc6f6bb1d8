"""Access and deployment: Django's deploy checks, admin login limits, CSP and API throttling."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_checks_pass_with_production_settings(tmp_path):
    # The browser tests allow sync database calls in their process; a deployment never does.
    dropped = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="news.example.org",
        NEWSDESK_VAR_DIR=str(tmp_path / "var"),
        DATABASE_NAME=connection.settings_dict["NAME"],
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_admin_login_is_locked_after_repeated_failures(client, settings):
    User.objects.create_superuser("editor", "editor@example.org", "right-password-123")
    limit = settings.AXES_FAILURE_LIMIT

    statuses = [
        client.post(
            "/admin/login/?next=/admin/", {"username": "editor", "password": f"wrong-{i}"}
        ).status_code
        for i in range(limit)
    ]
    locked = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "right-password-123"}
    )

    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with an error
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


@pytest.mark.django_db
def test_admin_login_works_below_the_limit(client):
    User.objects.create_superuser("editor", "editor@example.org", "right-password-123")
    client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "wrong"})

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "right-password-123"}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_anonymous_api_use_is_throttled(client, settings):
    rate, _, _ = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].partition("/")
    cache.clear()
    try:
        statuses = [client.get("/api/countries/").status_code for _ in range(int(rate) + 1)]
    finally:
        cache.clear()

    assert set(statuses[:-1]) == {200}
    assert statuses[-1] == 429
