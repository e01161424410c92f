"""Earlier issues that exist but cannot be read are said, not skipped: their links would
otherwise come back as candidates without a word."""

from __future__ import annotations

from pathlib import Path

from thismonth.app.candidates import earlier_issues
from thismonth.config import load_config
from thismonth.months import Month


def test_an_unreadable_earlier_issue_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text('[newsletter]\nname = "Tiny"\n')
    march = tmp_path / "content/this-month/2022-03/index.md"
    march.parent.mkdir(parents=True)
    march.write_text("- [A](https://example.org/a)\n")
    february = tmp_path / "content/this-month/2022-02/index.md"
    february.parent.mkdir(parents=True)
    february.write_bytes(b"\xff\xfe binary, not an issue")
    issues, warnings = earlier_issues(load_config(tmp_path / "thismonth.toml"), Month(2022, 4))
    assert [m for m, _ in issues] == ["2022-03"]
    (warning,) = warnings
    assert "2022-02/index.md" in warning and "not excluded from the candidates" in warning
