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
