"""Shared helpers for the benchmarks: find ../shared and rebuild its repositories.

The real rust-osdev histories ship as ``git fast-import`` streams in
``shared/data/rust-osdev/git/NAME.fi.gz``. They are rebuilt once into bare repositories
under ``bench/.work/repos/NAME.git`` and reused (a ``.done`` marker records a complete
import, so an interrupted rebuild starts over).
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
REPOS = WORK / "repos"
EXAMPLE_CONFIG = ROOT / "examples" / "rust-osdev" / "thismonth.toml"


def shared_dir() -> Path | None:
    """``$THISMONTH_SHARED`` or the ``shared`` folder next to the checkout, if present."""
    env = os.environ.get("THISMONTH_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    return path if path.is_dir() else None


def data_dir() -> Path:
    """``shared/data/rust-osdev``, or exit with a message when it is absent."""
    shared = shared_dir()
    data = shared / "data" / "rust-osdev" if shared else None
    if data is None or not data.is_dir():
        print(
            "benchmark skipped: ../shared/data/rust-osdev not found "
            "(set THISMONTH_SHARED to the shared folder)",
            file=sys.stderr,
        )
        raise SystemExit(0)
    return data


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(LC_ALL="C", GIT_CONFIG_NOSYSTEM="1", GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0")
    return env


def rebuild_repos(verbose: bool = True) -> dict[str, Path]:
    """Every ``NAME.fi.gz`` as a bare repository ``REPOS/NAME.git``; built once, then cached."""
    data = data_dir()
    REPOS.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for stream in sorted((data / "git").glob("*.fi.gz")):
        name = stream.name.removesuffix(".fi.gz")
        target = REPOS / f"{name}.git"
        marker = target / ".done"
        if not marker.exists() or marker.stat().st_mtime < stream.stat().st_mtime:
            if verbose:
                print(f"rebuilding {name} from {stream.name}", file=sys.stderr)
            shutil.rmtree(target, ignore_errors=True)
            env = git_env()
            subprocess.run(["git", "init", "--quiet", "--bare", str(target)], check=True, env=env)
            with gzip.open(stream, "rb") as fh:
                subprocess.run(
                    ["git", "-C", str(target), "fast-import", "--quiet"],
                    input=fh.read(),
                    check=True,
                    env=env,
                )
            marker.touch()
        out[name] = target
    return out


if __name__ == "__main__":
    for name, path in rebuild_repos().items():
        print(f"{name}: {path}")
