"""Fixtures shared by the feed tests: a feed server on 127.0.0.1 and a fresh store.

A test module that defines a fixture of the same name uses its own (pytest's nearest
definition wins).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from feedserver import FeedServer, feed_server
from thismonth.store import Store


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "cache.sqlite")
    yield s
    s.close()
