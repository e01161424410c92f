# ruff: noqa: F811
"""Call for Participation issues closed by publication day: check flags, publish drops."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from clirun import run
from fake_github.fixtures import fake  # noqa: F401
from fake_github.server import TOKEN
from fake_github.world import Issue, World
from test_publish import ISSUE, drafted  # noqa: F401
from thismonth.markdown.cfp import cfp_lines

CFP = """## Call for Participation

Pick an issue.

- [(`x86_64`) Document the GDT](https://github.com/rust-osdev/x86_64/issues/12)
- [(`x86_64`) Closed in time](https://github.com/rust-osdev/x86_64/issues/13)
  - the editor's note on it
- [(`x86_64`) Closed too late](https://github.com/rust-osdev/x86_64/issues/14)
<!-- - [(`x86_64`) Commented out](https://github.com/rust-osdev/x86_64/issues/15) -->
"""


@pytest.fixture
def world() -> World:
    w = World()
    x = w.repo("rust-osdev/x86_64")
    created = datetime(2022, 1, 1, tzinfo=UTC)
    x.issues += [
        Issue(12, "Document the GDT", ["good first issue"], created),
        Issue(13, "Closed in time", ["good first issue"], created, state="closed",
              closed_at=datetime(2022, 5, 3, tzinfo=UTC)),
        Issue(14, "Closed too late", ["good first issue"], created, state="closed",
              closed_at=datetime(2022, 5, 20, tzinfo=UTC)),
        Issue(15, "Commented out", ["good first issue"], created, state="closed",
              closed_at=datetime(2022, 5, 2, tzinfo=UTC)),
    ]  # fmt: skip
    return w


@pytest.fixture
def github(fake, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    return fake


def with_cfp(drafted: Path) -> Path:
    path = drafted / ISSUE
    text = path.read_text()
    start = text.index("## Call for Participation")
    end = text.index("\n## ", start + 1)
    path.write_text(text[:start] + CFP + text[end:])
    return path


def test_only_listed_issues_count() -> None:
    assert [(c.repo, c.number) for c in cfp_lines(CFP)] == [
        ("rust-osdev/x86_64", 12),
        ("rust-osdev/x86_64", 13),
        ("rust-osdev/x86_64", 14),
    ]


def test_check_flags_closed_issues(drafted: Path, github) -> None:
    path = with_cfp(drafted)
    result = run("check", str(path), "--no-spelling", "--cfp-state", cwd=drafted)
    flagged = [line for line in result.out.splitlines() if "cfp-closed" in line]
    assert len(flagged) == 2
    assert "rust-osdev/x86_64#13 was closed on 2022-05-03" in flagged[0]
    assert "rust-osdev/x86_64#14 was closed on 2022-05-20" in flagged[1]


def test_publish_drops_issues_closed_by_publication_day(drafted: Path, github) -> None:
    path = with_cfp(drafted)
    result = run(
        "publish", "2022-04", "--date", "2022-05-07", "--no-spelling", "--cfp-state", cwd=drafted
    )
    assert result.code == 0, result.out + result.err
    text = path.read_text()
    assert "issues/12" in text and "issues/14" in text  # open; closed after publication
    assert "issues/13" not in text and "the editor's note on it" not in text
    assert (
        "dropped from the Call for Participation: rust-osdev/x86_64#13 (closed 2022-05-03)"
        in result.err
    )


def test_without_a_token_cfp_state_is_one_clear_error(drafted: Path, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")  # no `gh` to ask either
    path = with_cfp(drafted)
    result = run("check", str(path), "--no-spelling", "--cfp-state", cwd=drafted)
    assert result.code == 2 and "--cfp-state needs a GitHub token" in result.err
