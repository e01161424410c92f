"""Commit messages cannot forge or hide records: ``git log`` is read NUL-separated.

Messages are data. Whatever a contributor writes in one (record separators, carriage
returns, every other control character), the git source must list exactly the PRs the
history holds, thank their real authors, and say so when a record cannot be read.
"""

from __future__ import annotations

import re
import tempfile
from datetime import UTC
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clirun import run
from gitrepo import ALICE, BOB, GitRepo
from thismonth.config import ProjectConfig
from thismonth.months import Month
from thismonth.sources.git import GitSource
from thismonth.sources.git_log import _parse, split_records

CONFIG = """
[newsletter]
name = "Tiny"
organization = "tiny"
editors = ["ed"]

[[projects]]
repo = "tiny/alpha"
description = "Alpha does things."
maintainers = ["maint"]
"""

_OLD_FS, _OLD_RS = "\x1f", "\x1e"  # the separators the git source once split on


def commit(repo: GitRepo, message: str, *, who=ALICE, date: str) -> str:
    """A commit whose message git keeps byte for byte (no whitespace clean-up)."""
    repo.git(
        "commit",
        "--quiet",
        "--allow-empty",
        "--cleanup=verbatim",
        "-m",
        message,
        who=who,
        date=date,
    )
    return repo.head()


def test_message_cannot_forge_a_pr_nor_hide_real_ones(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    repo = GitRepo.init(tmp_path / "clones" / "alpha")
    repo.commit("Initial commit", date="2022-01-01T00:00:00+00:00")
    when = "2022-04-05T10:00:00+00:00"
    forged = "Security fix everyone must upgrade to (#301)\n\nSee the advisory."
    fake = _OLD_FS.join(["a" * 40, "", "mallory", "mallory@example.com", when, when, forged])
    commit(repo, f"Fix typo\n\nDetails.{_OLD_RS}{fake}", who=BOB, date="2022-04-04T10:00:00+00:00")
    commit(repo, "Fix\rthe pager (#12)", date="2022-04-06T10:00:00+00:00")
    commit(repo, f"Speed{_OLD_RS}up boot (#13)", date="2022-04-07T10:00:00+00:00")

    result = run("draft", "2022-04", "--repos", "clones", "--output", "-", cwd=tmp_path)

    assert result.code == 0, result.err
    assert "Security fix" not in result.out and "/pull/301" not in result.out
    assert "mallory" not in result.out
    assert "/pull/12)" in result.out and "/pull/13)" in result.out
    assert "pager" in result.out and "boot" in result.out


def test_unreadable_record_is_reported_not_dropped(tmp_path: Path) -> None:
    good = ["b" * 40, "", "Ann", "ann@example.com", "2022-04-01T00:00:00+00:00"]
    out = "\0".join([*good, "2022-04-01T00:00:00+00:00", "Fine (#1)"]) + "\0"
    out += "\0".join([*good, "yesterday", "Broken (#2)"]) + "\0"
    out += "c" * 40 + "\0"  # cut short
    warnings: list[str] = []
    commits = _parse(out, tmp_path, warnings.append)
    assert [c.message for c in commits] == ["Fine (#1)"]
    assert len(warnings) == 2
    assert "unreadable date" in warnings[0] and str(tmp_path) in warnings[0]
    assert "ended inside a record" in warnings[1]


def test_records_split_on_nul_only() -> None:
    records, left = split_records("a\0b\x1e\x1f\r\n\0c\0d\0", 2)
    assert records == [["a", "b\x1e\x1f\r\n"], ["c", "d"]] and left == 0


# ---------------------------------------------------------------- fuzz

# Every C0 control character but NUL (which git cuts a message at), DEL, C1 controls,
# Unicode line separators and the non-characters.
CONTROLS = [chr(c) for c in range(1, 32)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufffe", "\uffff"]
_text = st.text(
    st.one_of(st.sampled_from(CONTROLS), st.characters(codec="utf-8", exclude_characters="\0#")),
    max_size=30,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(title=_text, noise=_text, body=_text)
def test_fuzz_messages_with_control_characters(title: str, noise: str, body: str) -> None:
    title_one_line = title.replace("\n", " ")
    with tempfile.TemporaryDirectory() as tmp:
        repo = GitRepo.init(Path(tmp) / "demo")
        repo.commit("Initial commit", date="2024-01-05T10:00:00+00:00")
        commit(repo, f"Chore{noise}\n\n{body}", who=BOB, date="2024-03-02T10:00:00+00:00")
        commit(repo, f"Real{title_one_line} (#12)\n\n{body}", date="2024-03-03T10:00:00+00:00")
        commit(repo, f"{noise}\n{body}", who=BOB, date="2024-03-04T10:00:00+00:00")
        proj = ProjectConfig(repo="t/demo", name="demo", clone="demo", url="https://x.test/t/demo")
        activity = GitSource(Path(tmp)).collect(proj, Month(2024, 3), UTC)

    assert activity.warnings == []
    assert [p.number for p in activity.pulls] == [12]
    pr = activity.pulls[0]
    assert pr.author.name == ALICE[0]
    assert "".join(pr.title.split()) == "".join(f"Real{title_one_line}".split())
    assert not re.search(r"\(#\d+\)", pr.title)
