"""Remembering what the git source collected, keyed by everything the result depends on.

Learning from the archive collects the twelve months before the draft from the clones,
and an editor re-drafts a month many times; the clones rarely change in between. Git's
answer for a month is a pure function of the clones' refs (every object a ref reaches is
immutable), the projects' settings, the month, the time zone and this code. So the
result is stored in the activity cache (``memo``) under a hash of exactly those, and a
run whose hash matches reads it back instead of making hundreds of git calls. Any change
(a fetch that moves a ref, a new pull head, an edited project, another thismonth) makes a
new hash: nothing stale is ever served. Runs where a repository failed are not stored.

The warnings of a stored run are stored with it and said again, so a cache hit never
hides what the first run reported.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from thismonth import __version__
from thismonth.config import ProjectConfig
from thismonth.errors import SourceError, UsageError
from thismonth.months import Month
from thismonth.sources import Collected
from thismonth.sources.git_run import GitFailed, run_git
from thismonth.sources.snapshot import collected_from_json, collected_json
from thismonth.store import Store

KIND = "git-month/1"
_CODE = Path(__file__).resolve().parents[1]  # thismonth's own code is part of the key


@functools.cache
def _code_digest() -> str:
    """All of thismonth's modules, by size and modification time (a file touched is a
    new key: a cold read, never a stale one): the git source leans on config, models and
    forge too, and an upgrade from git keeps the same version number."""
    h = hashlib.sha256(__version__.encode())
    for module in sorted(_CODE.rglob("*.py")):
        info = module.stat()
        h.update(f"{module.relative_to(_CODE)} {info.st_size} {info.st_mtime_ns}\n".encode())
    return h.hexdigest()


def refs_digest(path: Path) -> str | None:
    """Every ref of the clone (pull heads included) and where HEAD points; None when git
    cannot tell (the collect that follows reports why)."""
    try:
        out = run_git(path, ["for-each-ref", "--format=%(objectname) %(refname) %(HEAD)"])
    except (GitFailed, SourceError, OSError):
        return None
    return hashlib.sha256(f"{path.resolve()}\n{out}".encode()).hexdigest()


class MonthMemo:
    """The git source's months in the activity cache; a cache that cannot be opened or read
    is a warning and a collect without it, never a failed draft."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problem: str | None = None
        self._digests: dict[Path, str | None] = {}  # refs read once per run
        self._lock = threading.Lock()  # learning's threads ask at once: one reads
        self._store_lock = threading.Lock()

    def key(
        self,
        projects: Iterable[ProjectConfig],
        month: Month,
        tz: tzinfo,
        clones: dict[str, Path],
        settings: str,
    ) -> str | None:
        """The cache key of one month, or None when a clone's refs cannot be read."""
        start, end = month.window(tz)  # with ``--until``, the window is longer
        head = f"{KIND}\n{_code_digest()}\n{month}\n{start}\n{end}\n{tz}\n{settings}\n"
        h = hashlib.sha256(head.encode())
        for project in projects:
            # repr is stable but for the set of stated keys (hash-seeded order)
            h.update(repr(replace(project, stated=frozenset())).encode())
            h.update(repr(sorted(project.stated)).encode())
        for repo in sorted(clones):
            path = clones[repo]
            with self._lock:
                if path not in self._digests:
                    self._digests[path] = refs_digest(path)
                digest = self._digests[path]
            if digest is None:
                return None
            h.update(f"{repo}={digest}\n".encode())
        return f"{KIND}:{h.hexdigest()}"

    @contextmanager
    def _opened(self) -> Iterator[Store | None]:
        """The cache for one read or write (closed at once: a source has no end of life)."""
        # One thread at a time: learning's threads opening a new cache file at once made
        # SQLite answer "database is locked" (switching to WAL does not wait).
        with self._store_lock:
            if self.path is None or self.problem is not None:
                yield None
                return
            try:
                store = Store(self.path)
            except (UsageError, OSError) as exc:
                self.problem = f"activity cache {self.path} unusable ({exc}); git read without it"
                yield None
                return
            try:
                yield store
            finally:
                store.close()

    def get(self, key: str) -> Collected | None:
        with self._opened() as store:
            if store is None:
                return None
            try:
                text = store.memo_get(key)
                if text is None:
                    return None
                return collected_from_json(json.loads(text))
            except Exception as exc:  # a damaged row: read the clones again, and say so
                self.problem = f"activity cache {self.path}: stored month unreadable ({exc})"
                return None

    def put(self, key: str, collected: Collected) -> None:
        if collected.failed:
            return
        data = collected_json(collected)
        with self._opened() as store:
            if store is None:
                return
            try:
                store.memo_put(key, json.dumps(data, ensure_ascii=False))
            except Exception as exc:  # a full disk or a locked file: the draft goes on
                self.problem = f"activity cache {self.path}: could not store the month ({exc})"
