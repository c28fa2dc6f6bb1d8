"""Fixtures shared by every test. App-specific fixtures live beside their tests."""

from __future__ import annotations

import os

import pytest

# Under CI every component is installed: a skipped test there hides a missing install step.
REQUIRE_ALL = os.environ.get("NEWSDESK_REQUIRE_ALL") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under NEWSDESK_REQUIRE_ALL=1: {report.longrepr}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A test database of this run's own, so two runs on one server never drop each other's."""
    from django.conf import settings  # noqa: PLC0415 - read after pytest-django configured it

    default = settings.DATABASES["default"]
    default.setdefault("TEST", {})
    default["TEST"]["NAME"] = f"test_{default['NAME']}_{os.getpid()}"


@pytest.fixture
def country_rows(transactional_db):
    """The Country table as the data migration fills it. Transactional tests flush tables, and
    a test that runs after one (a real worker's, a browser's) needs the rows back."""
    from entities.models import Country  # noqa: PLC0415 - after pytest-django set Django up
    from entities.services import countries_sync  # noqa: PLC0415 - the same

    if not Country.objects.exists():
        countries_sync()


@pytest.fixture
def local_fetching(settings, httpserver):
    """The pipeline may fetch from this test's local HTTP server (and no other private
    address), with no politeness wait."""
    settings.FETCH_ALLOW_HOSTS = [f"{httpserver.host}:{httpserver.port}"]
    settings.FETCH_MIN_DOMAIN_INTERVAL_MS = 0
    return httpserver
