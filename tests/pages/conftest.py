"""Fixtures for the read-side tests: the seed world and an anonymous reader's client."""

from __future__ import annotations

import pytest

from tests.pages.world import build_world


@pytest.fixture
def world(db):
    return build_world()
