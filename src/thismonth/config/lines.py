"""Where a config problem is: key paths to line numbers, and the list of problems.

tomllib gives values without positions; a scan of the TOML text's headers and
``key =`` lines is enough to point the user at the right line of ``thismonth.toml``.
"""

from __future__ import annotations

import re
from pathlib import Path

from thismonth.errors import ConfigError


class Problems:
    """Collects problems with their place; the line comes from a scan of the raw text."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.index = LineIndex(text)
        self.items: list[tuple[int, str]] = []

    def add(self, keypath: tuple[str | int, ...], message: str) -> None:
        line = self.index.line_of(keypath)
        self.items.append((line, f"{self.path}:{line}: {_dotted(keypath)}: {message}"))

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigError([msg for _, msg in sorted(self.items, key=lambda x: x[0])])


def _dotted(keypath: tuple[str | int, ...]) -> str:
    out = ""
    for part in keypath:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class LineIndex:
    """Maps key paths to line numbers by scanning TOML text.

    tomllib gives no positions; tomlkit keeps them only for part of the document. A scan
    of headers and ``key =`` lines is enough to point a user at the right line.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str | int, ...], int] = {(): 1}
        self.keys: dict[tuple[str | int, ...], int] = {}
        counters: dict[tuple[str | int, ...], int] = {}
        current: tuple[str | int, ...] = ()
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if in_multiline in line:
                    in_multiline = None
                continue
            header = self._HEADER.match(line)
            if header and not self._KEY.match(line):
                names = [n.strip().strip('"') for n in header.group(2).split(".")]
                path = self._resolve(names, counters)
                if header.group(1) == "[[":
                    count = counters.get(path, 0)
                    counters[path] = count + 1
                    path = (*path, count)
                current = path
                self.tables.setdefault(path, lineno)
                continue
            key = self._KEY.match(line)
            if key:
                name = key.group(1).strip('"')
                self.keys.setdefault((*current, name), lineno)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) == 1:
                        in_multiline = quote

    def _resolve(
        self, names: list[str], counters: dict[tuple[str | int, ...], int]
    ) -> tuple[str | int, ...]:
        # A dotted header inside an array of tables refers to its latest element.
        path: tuple[str | int, ...] = ()
        for i, name in enumerate(names):
            path = (*path, name)
            if i < len(names) - 1 and path in counters:
                path = (*path, counters[path] - 1)
        return path

    def line_of(self, keypath: tuple[str | int, ...]) -> int:
        for end in range(len(keypath), 0, -1):
            prefix = keypath[:end]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.tables:
                return self.tables[prefix]
        return 1
