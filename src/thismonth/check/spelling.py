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
    # typos exits 0 when the text is clean and 2 when it found typos; anything else (a
    # panic, a bad config) is a failure, never to be read as "no typos".
    findings: list[Finding] = []
    unreadable = 0
    for raw in done.stdout.split("\n"):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError:
            unreadable += 1
            continue
        if not isinstance(item, dict) or item.get("type") != "typo":
            continue
        line = int(item.get("line_num", 1))
        fixes = ", ".join(item.get("corrections", [])) or "?"
        findings.append(
            Finding(
                doc.path, line, "spelling", f"{item.get('typo')!r}: did you mean {fixes}?", WARNING
            )
        )
    if done.returncode not in (0, 2) or (done.returncode == 2 and not findings):
        err = next((ln.strip() for ln in done.stderr.split("\n") if ln.strip()), "no message")
        notes.append(
            f"spelling: NOT checked in {doc.path}: typos failed (exit {done.returncode}: {err[:200]})"
        )
    elif unreadable:
        notes.append(
            f"spelling: {unreadable} line(s) of typos output could not be read for {doc.path};"
            " some typos may be missing"
        )
    yield from findings
