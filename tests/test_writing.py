from __future__ import annotations

import os
from pathlib import Path

import pytest

from thismonth.errors import ThisMonthError
from thismonth.writing import write_atomic


def test_new_files_follow_the_umask_and_old_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "a" / "index.md"
        write_atomic(fresh, "x")
        assert fresh.read_text() == "x"
        assert fresh.stat().st_mode & 0o777 == 0o644
        fresh.chmod(0o664)
        write_atomic(fresh, "y")
        assert fresh.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
    assert [p.name for p in fresh.parent.iterdir()] == ["index.md"]  # no temporary left


def test_unwritable_place_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ThisMonthError, match="cannot write"):
        write_atomic(blocker / "index.md", "x")
