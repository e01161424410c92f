"""The folder of clones (``--repos DIR``) as a whole: what it holds beyond the config.

A clone that no ``[[projects]]`` entry names is read by nobody; without a word its
month's work would be missing from the draft, so the git source reports each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from thismonth.config import ProjectConfig


def is_clone(path: Path) -> bool:
    """A working clone (``.git`` inside) or a bare repository (``HEAD`` file inside)."""
    return path.is_dir() and ((path / ".git").exists() or (path / "HEAD").is_file())


def unnamed_clones(repos_dir: Path, projects: Iterable[ProjectConfig]) -> list[Path]:
    """Clones under ``repos_dir`` (``NAME`` or ``NAME.git``) that no project's ``clone`` names."""
    named = {Path(p.clone or p.short).name.removesuffix(".git") for p in projects}
    try:
        entries = sorted(repos_dir.iterdir())
    except OSError:
        return []
    return [
        p
        for p in entries
        if is_clone(p)
        and not p.name.endswith(".cloning")  # thismonth clone at work
        and p.name.removesuffix(".git") not in named
    ]


def unnamed_warning(repos_dir: Path, clones: list[Path]) -> list[str]:
    """One line for all of them: a whole organization's clones may hold many such."""
    if not clones:
        return []
    names = ", ".join(p.name for p in clones)
    if len(clones) == 1:
        what, them = "1 clone", "it"
    else:
        what, them = f"{len(clones)} clones", "them"
    return [
        f"{repos_dir}: {what} that no [[projects]] entry names, so not in the draft: "
        f"{names} (add {them} to thismonth.toml to include {them})"
    ]
