"""Find the issues of an archive folder and read them, damaged ones skipped with a warning.

An issue is ``YYYY-MM.md`` or ``YYYY-MM/index.md`` (Zola page bundles). A damaged issue
among many must not stop a draft: it is named in a warning and left out. Only when nothing
usable is left is it an error. ``before`` keeps months before it only, so a draft of month
M never learns from M itself or later (and is not disturbed by their damage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from thismonth.archive.parse import read_issue
from thismonth.archive.records import ArchivedIssue
from thismonth.errors import DraftError, ThisMonthError, UsageError
from thismonth.months import Month

_NAME = re.compile(r"^(\d{4})-(\d{2})$")


class ArchiveError(ThisMonthError):
    """The archive has no usable issue (every one missing, damaged or refused)."""


@dataclass
class Archive:
    folder: Path
    issues: list[ArchivedIssue]  # oldest first
    warnings: list[str] = field(default_factory=list)

    @property
    def latest(self) -> ArchivedIssue:
        return self.issues[-1]


def find_issue_files(folder: Path) -> tuple[dict[Month, Path], list[str]]:
    """Issue files by month, and a warning for each file that is not one."""
    if not folder.is_dir():
        raise UsageError(f"archive {folder}: no such folder")
    found: dict[Month, list[Path]] = {}
    warnings: list[str] = []
    for entry in sorted(folder.iterdir()):
        stem = entry.name.removesuffix(".md") if entry.is_file() else entry.name
        m = _NAME.match(stem)
        if entry.is_dir():
            index = entry / "index.md"
            if m and index.is_file():
                _add(found, warnings, m, index)
            elif m:
                warnings.append(f"{entry}: a month folder without index.md: skipped")
            continue
        if entry.suffix != ".md" or entry.name.startswith(("_", ".")):
            continue  # Zola's _index.md, assets: not issues
        if m:
            _add(found, warnings, m, entry)
        else:
            warnings.append(f"{entry}: not named YYYY-MM.md or YYYY-MM/index.md: skipped")
    chosen: dict[Month, Path] = {}
    for month, paths in found.items():
        if len(paths) > 1:
            warnings.append(
                f"{paths[0]}: two issues for {month} (also {paths[1]}): using {paths[0].name}"
                f" in {paths[0].parent}"
            )
        chosen[month] = paths[0]
    return dict(sorted(chosen.items())), warnings


def _add(found: dict[Month, list[Path]], warnings: list[str], m: re.Match[str], path: Path) -> None:
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        warnings.append(f"{path}: {m.group(0)} is not a month: skipped")
        return
    paths = found.setdefault(Month(year, month), [])
    # A page bundle (YYYY-MM/index.md) is what Zola serves when both exist.
    paths.insert(0, path) if path.name == "index.md" else paths.append(path)


def read_archive(folder: Path, *, before: Month | None = None, required: bool = True) -> Archive:
    """Every usable issue of ``folder`` (of months before ``before``, when given)."""
    files, warnings = find_issue_files(folder)
    if before is not None:
        files = {m: p for m, p in files.items() if m < before}
    issues: list[ArchivedIssue] = []
    for month, path in files.items():
        try:
            issues.append(read_issue(path, month))
        except DraftError as exc:
            warnings.append(f"{exc} (issue skipped)")
    if not issues and required:
        scope = f" before {before}" if before is not None else ""
        why = "; ".join(warnings) if warnings else "no YYYY-MM.md or YYYY-MM/index.md"
        raise ArchiveError(f"archive {folder}: no usable issue{scope} ({why})")
    return Archive(folder=folder, issues=issues, warnings=warnings)
