"""Use cases of the activity cache: what it holds, and forgetting it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from thismonth.config import Config
from thismonth.store import Store


def cache_info(config: Config) -> tuple[Path, dict[str, Any] | None]:
    """The cache's path and its summary (None when there is no cache yet)."""
    path = Store.path_for(config)
    if not path.exists():
        return path, None
    store = Store(path)
    try:
        return path, store.info()
    finally:
        store.close()


def cache_clear(config: Config) -> tuple[Path, bool]:
    """Empty the cache; whether there was one."""
    path = Store.path_for(config)
    if not path.exists():
        return path, False
    store = Store(path)
    try:
        store.clear()
    finally:
        store.close()
    return path, True
