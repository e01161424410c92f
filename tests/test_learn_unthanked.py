"""People the editors thank in no project are left out everywhere, a new project too."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from test_learn_logins import archive, person
from thismonth.compose import build_issue
from thismonth.compose.learned import apply, learn
from thismonth.config import parse_config
from thismonth.models import PullRequest, RepoActivity
from thismonth.months import Month

CONFIG = """
[newsletter]
name = "Demo"
organization = "o"

[[projects]]
repo = "o/a"

[[projects]]
repo = "o/b"
"""
MONTHS = [Month(2024, 1), Month(2024, 2), Month(2024, 3)]
OLGA, CAROL = person("Olga Owner", "olga"), person("Carol Singer", "carol")


def learned_from(thanked_olga_once: bool):  # type: ignore[no-untyped-def]
    issues, pulls = archive(
        {
            m: [
                (
                    "o/a",
                    [OLGA, CAROL],
                    ["carol", "olga"] if thanked_olga_once and i == 0 else ["carol"],
                    [],
                )
            ]
            for i, m in enumerate(MONTHS)
        }
    )
    config = parse_config(CONFIG, Path("thismonth.toml"))

    def history(m: Month) -> dict[str, RepoActivity]:
        return {"o/a": RepoActivity("o/a", "main", pulls=pulls("o/a", m))}

    return config, learn(config, Month(2024, 4), issues, history)


def thanks_in_b(config, learned) -> list[str]:  # type: ignore[no-untyped-def]
    pulls = [
        PullRequest(
            "o/b",
            n,
            t,
            f"https://github.com/o/b/pull/{n}",
            who,
            datetime(2024, 4, n, tzinfo=UTC),
            "main",
        )
        for n, t, who in ((1, "Olga's", OLGA), (2, "Carol's", CAROL))
    ]
    doc = build_issue(
        apply(config, learned), Month(2024, 4), {"o/b": RepoActivity("o/b", "main", pulls=pulls)}
    )
    return [t.login for t in doc.projects[0].thanks]


def test_someone_thanked_in_no_project_is_left_out_of_a_new_projects_line():
    config, learned = learned_from(thanked_olga_once=False)
    assert learned.not_thanked["o/b"] == ["olga"]
    assert any(v.what == "not thanked" and v.repo is None for v in learned.values)
    assert thanks_in_b(config, learned) == ["carol"]


def test_someone_the_editors_thanked_once_is_thanked_elsewhere():
    config, learned = learned_from(thanked_olga_once=True)
    assert "o/b" not in learned.not_thanked
    assert thanks_in_b(config, learned) == ["olga", "carol"]
