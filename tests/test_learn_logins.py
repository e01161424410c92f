"""Git names -> logins from the archive's thanks lines (archive/logins.py), to a fixpoint."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from thismonth.archive.logins import learn_logins
from thismonth.archive.records import (
    ArchivedIssue,
    ArchivedItem,
    ArchivedProject,
    ArchivedSection,
    LinkedPerson,
)
from thismonth.compose.learned import learn
from thismonth.config import parse_config
from thismonth.models import Person, PullRequest, RepoActivity, resembles
from thismonth.months import Month

Section = tuple[str, list[Person], list[str], list[str]]  # repo, PR authors, thanked, maintainers


def person(name: str, login: str | None = None, via: str = "") -> Person:
    return Person(name, login, verified=login is not None, via=via)


def archive(months: dict[Month, list[Section]]):  # type: ignore[no-untyped-def]
    """Issues whose sections list one PR per author, and the git side of those PRs."""
    issues = []
    pulls: dict[tuple[str, Month], list[PullRequest]] = {}
    for month, sections in months.items():
        projects = []
        for repo, authors, thanked, keepers in sections:
            url = f"https://github.com/{repo}/pull"
            items = [
                ArchivedItem(f"{url}/{n}", "pull", f"PR {n}", n, repo=repo, number=n)
                for n in range(1, len(authors) + 1)
            ]
            projects.append(
                ArchivedProject(
                    heading=repo,
                    name=repo,
                    style="code-link",
                    line=1,
                    repo=repo,
                    items=items,
                    thanks=[LinkedPerson(t, f"https://github.com/{t}") for t in thanked],
                    maintainers=[LinkedPerson(k, f"https://github.com/{k}") for k in keepers],
                )
            )
            pulls[(repo, month)] = [
                PullRequest(repo, n, f"PR {n}", "u", who, datetime(2024, 1, 2, tzinfo=UTC), "main")
                for n, who in enumerate(authors, start=1)
            ]
        section = ArchivedSection("Projects", 1, projects=projects)
        issues.append(ArchivedIssue(Path(f"{month}.md"), month, "zola", {}, "", [], "", [section]))
    return issues, lambda repo, month: pulls.get((repo, month), [])


def test_a_pair_learned_in_one_issue_opens_one_to_one_pairs_in_others():
    carol, dan = person("Carol Singer"), person("Dan Brown")
    issues, pulls = archive(
        {
            Month(2024, 1): [("o/a", [carol, dan], ["zebra42", "quux7"], [])],
            Month(2024, 2): [("o/b", [carol], ["quux7"], [])],
        }
    )
    found = learn_logins(issues, pulls)
    assert found.logins == {"Carol Singer": "quux7", "Dan Brown": "zebra42"}
    assert found.evidence["Dan Brown"] == ["2024-01 o/a: the only name and login left"]
    assert "2024-01 o/a: paired in another issue" in found.evidence["Carol Singer"]


def test_a_name_known_elsewhere_and_not_thanked_leaves_the_section():
    carol, dan = person("Carol Singer"), person("Dan Brown")
    issues, pulls = archive(
        {
            Month(2024, 1): [("o/a", [carol], ["quux7"], [])],
            # Carol was not thanked this time: Dan is the only one left for zebra42.
            Month(2024, 2): [("o/b", [carol, dan], ["zebra42"], [])],
        }
    )
    assert learn_logins(issues, pulls).logins == {"Carol Singer": "quux7", "Dan Brown": "zebra42"}


def test_a_thanked_maintainer_is_matched_by_name_and_leaves_one_pair():
    isaac, carol = person("Isaac Woods"), person("Carol Singer")
    issues, pulls = archive(
        {Month(2024, 1): [("o/a", [isaac, carol], ["IsaacWoods", "quux7"], ["IsaacWoods"])]}
    )
    assert learn_logins(issues, pulls).logins == {"Carol Singer": "quux7"}


def test_a_name_git_guessed_to_be_a_maintainer_takes_no_login():
    # The maintainer's git login is a guess; the renamed account of a sure author is thanked.
    toku = person("Hiro Toku", "toku-sa-n", via="history")
    yuna = person("Yuna Tomida", "Yuna-Tomi", via="noreply")
    issues, pulls = archive({Month(2024, 1): [("o/a", [toku, yuna], ["ytoml"], ["toku-sa-n"])]})
    assert learn_logins(issues, pulls).logins == {}


def test_gits_guess_confirmed_by_the_thanks_line_is_learned_a_forks_owner_is_not():
    jan = person("Jan Janssen", "medhefgo", via="history")
    mia = person("Mia Maintainer", "alexjm", via="fork")  # the maintainer pushed last
    issues, pulls = archive({Month(2024, 1): [("o/a", [jan, mia], ["medhefgo", "alexjm"], [])]})
    found = learn_logins(issues, pulls)
    assert found.logins == {"Jan Janssen": "medhefgo"}
    assert found.evidence["Jan Janssen"] == [
        "2024-01 o/a: git's guess confirmed by the thanks line"
    ]


def test_a_forks_owner_not_thanked_leaves_the_authors_name_to_match():
    dan = person("Daniel Schaefer", "AcmeCorp", via="fork")
    issues, pulls = archive({Month(2024, 1): [("o/a", [dan], ["JohnAZoidberg"], [])]})
    assert learn_logins(issues, pulls).logins == {"Daniel Schaefer": "JohnAZoidberg"}


def test_look_alikes_break_ties_only_inside_one_section():
    yuuki, mark = person("Yuuki Takano"), person("Mark Poliakov")
    issues, pulls = archive({Month(2024, 1): [("o/a", [yuuki, mark], ["alnyan", "ytakano"], [])]})
    found = learn_logins(issues, pulls)
    assert found.logins == {"Yuuki Takano": "ytakano", "Mark Poliakov": "alnyan"}
    assert found.evidence["Yuuki Takano"] == ["2024-01 o/a: looks alike, among few left"]
    # The same people in two sections of one issue: nothing pairs across them.
    apart, pulls = archive(
        {
            Month(2024, 1): [
                ("o/a", [yuuki, mark], ["alnyan"], []),
                ("o/b", [person("Bob Stone")], ["ytakano", "bstone"], []),
            ]
        }
    )
    assert learn_logins(apart, pulls).logins == {"Bob Stone": "bstone"}


def test_look_alikes_that_tie_are_not_guessed():
    ann, anna = person("Ann Lee"), person("Anna Lee")
    issues, pulls = archive({Month(2024, 1): [("o/a", [ann, anna], ["alee", "annalee9"], [])]})
    # Both look like "alee", and "Anna Lee" also like "annalee9": no pair from looks.
    assert learn_logins(issues, pulls).logins == {}


def test_a_name_whose_issues_disagree_is_reported_not_guessed():
    carol = person("Carol Singer")
    issues, pulls = archive(
        {
            Month(2024, 1): [("o/a", [carol], ["quux7"], [])],
            Month(2024, 2): [("o/a", [carol], ["zebra42"], [])],
        }
    )
    found = learn_logins(issues, pulls)
    assert found.logins == {}
    assert found.conflicts == [
        "Carol Singer: thanked as quux7 (2024-01 o/a: the only name and login left),"
        " zebra42 (2024-02 o/a: the only name and login left)"
    ]
    config = parse_config(
        '[newsletter]\nname = "D"\norganization = "o"\n[[projects]]\nrepo = "o/a"\n',
        Path("thismonth.toml"),
    )

    def history(m: Month) -> dict[str, RepoActivity]:
        return {"o/a": RepoActivity("o/a", "main", pulls=pulls("o/a", m))}

    learned = learn(config, Month(2024, 3), issues, history)
    assert learned.logins == {}
    assert any(t.startswith("login of Carol Singer: thanked as") for t in learned.below_threshold)


def test_resembles_takes_common_login_shapes_only():
    assert resembles("RaitoBezarius", "Raito Bezarius")
    assert resembles("ytakano", "Yuuki Takano")
    assert resembles("fslongjin", "longjin")
    assert resembles("paulsohn", "Taeseung Sohn")
    assert not resembles("alnyan", "Mark Poliakov")
    assert not resembles("leeroy", "Ann Lee")  # three letters meet by chance
    assert not resembles("", "Ann Lee") and not resembles("x", "")


def test_a_maintainer_named_in_another_issue_is_no_one_elses_login():
    # 2024-01 has no "Maintained by" line; the maintainer's PR is not thanked, a
    # contributor git knows nothing of is: the maintainer's name must not take that login.
    gabe = person("Gabe Majer")
    issues, pulls = archive(
        {
            Month(2024, 1): [("o/a", [gabe], ["avi9"], [])],
            Month(2024, 2): [("o/a", [gabe, person("Carol Singer")], ["quux7"], ["GabeMajer"])],
        }
    )
    assert learn_logins(issues, pulls).logins == {"Carol Singer": "quux7"}


def test_an_unthanked_guess_is_set_aside_not_paired_with_a_leftover_login():
    # Joe's git login is a guess (josephlr) the editors did not thank: maybe he is a
    # maintainer. The thanked login left belongs to someone git knows no name for.
    joe = person("Joe Richey", "josephlr", via="history")
    issues, pulls = archive({Month(2024, 1): [("o/a", [joe], ["Freax13"], [])]})
    assert learn_logins(issues, pulls).logins == {}
