"""The draft use case called directly, as benchmarks and other programs do."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from thismonth.app.draft import DraftOptions, draft_month
from thismonth.config import parse_config
from thismonth.draft.state import read_state, state_path
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month
from thismonth.sources.memory import MemorySource

MONTH = Month(2022, 4)
CONFIG = '[newsletter]\nname = "N"\n\n[[projects]]\nrepo = "o/a"\n\n[[projects]]\nrepo = "o/b"\n'


def source(*numbers: int) -> MemorySource:
    acts = {"o/a": RepoActivity("o/a", "main"), "o/b": RepoActivity("o/b", "main")}
    for n in numbers:
        acts["o/a"].pulls.append(
            PullRequest(
                "o/a",
                n,
                f"Change {n}",
                f"https://github.com/o/a/pull/{n}",
                Person("ann", "ann"),
                datetime(2022, 4, n, tzinfo=UTC),
                "main",
            )
        )
    return MemorySource(acts)


def test_draft_redraft_and_stdout(tmp_path: Path) -> None:
    config = parse_config(CONFIG, tmp_path / "thismonth.toml")
    first = draft_month(config, DraftOptions(MONTH, source=source(1)))
    assert first.written and not first.up_to_date and first.path is not None
    assert first.path.read_text() == first.text
    assert first.listed == 1 and first.projects == 1
    assert read_state(state_path(config, MONTH)).generated == first.text
    again = draft_month(config, DraftOptions(MONTH, source=source(1)))
    assert again.up_to_date and not again.written
    more = draft_month(config, DraftOptions(MONTH, source=source(1, 2)))
    assert more.written and "[Change 2](https://github.com/o/a/pull/2)" in more.text
    before = first.path.read_text()
    shown = draft_month(config, DraftOptions(MONTH, source=source(1, 2, 3), to_stdout=True))
    assert shown.path is None and not shown.written and "pull/3" in shown.text
    assert first.path.read_text() == before
