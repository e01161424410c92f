"""Spelling through `typos` (crate-ci/typos), the checker the newsletter's CI already runs.

Optional: when ``typos`` is not on PATH the rule is skipped with a note.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from thismonth.check.document import Checked
from thismonth.check.findings import WARNING, Finding


def typos_path() -> str | None:
    """``typos`` on PATH, or beside this Python (``pip install typos`` into a venv)."""
    found = shutil.which("typos")
    if found:
        return found
    beside = Path(sys.executable).parent / "typos"
    return str(beside) if beside.is_file() else None


def spelling(doc: Checked, notes: list[str]) -> Iterator[Finding]:
    exe = typos_path()
    if exe is None:
        notes.append("spelling: skipped, `typos` is not installed (pip install typos)")
        return
    text = "\n".join(doc.lines) + "\n"
    try:
        done = subprocess.run(
            [exe, "--format", "json", "-"],
            input=text,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        notes.append(f"spelling: skipped, typos failed ({exc})")
        return
    for raw in done.stdout.splitlines():
        try:
            item = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if item.get("type") != "typo":
            continue
        line = int(item.get("line_num", 1))
        fixes = ", ".join(item.get("corrections", [])) or "?"
        yield Finding(
            doc.path, line, "spelling", f"{item.get('typo')!r}: did you mean {fixes}?", WARNING
        )
