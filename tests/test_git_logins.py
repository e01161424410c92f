"""Who wrote a PR, from git: the order of evidence (noreply > [policy.logins] > inferred)."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from gitrepo import MAINTAINER, GitRepo
from thismonth.compose import build_issue
from thismonth.config import ProjectConfig, parse_config
from thismonth.months import Month
from thismonth.sources.git import GitSource
from thismonth.sources.git_people import IdentityBook, corroborates

MARCH = Month(2024, 3)
JAN = ("Jan Janssen", "medhefgo@web.example")
DANA = ("Dana Scully", "dana@fbi.example")


def project() -> ProjectConfig:
    return ProjectConfig(
        repo="demo/widget", name="widget", clone="widget", url="https://github.com/demo/widget"
    )


def collect(repo: GitRepo) -> dict:
    activity = GitSource(repo.path.parent).collect(project(), MARCH, UTC)
    return {p.number: p for p in activity.pulls}


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    r = GitRepo.init(tmp_path / "widget")
    r.commit("Initial commit", date="2024-01-05T10:00:00+00:00")
    return r


def thanked(repo: GitRepo, logins: str = "", maintainer: str = "mia") -> list[str]:
    config = parse_config(
        '[newsletter]\nname = "Demo"\norganization = "demo"\n'
        f"[policy.logins]\n{logins}\n"
        f'[[projects]]\nrepo = "demo/widget"\nmaintainers = ["{maintainer}"]\n',
        Path("thismonth.toml"),
    )
    activity = GitSource(repo.path.parent).collect(config.projects[0], MARCH, UTC)
    doc = build_issue(config, MARCH, {"demo/widget": activity})
    return [t.login for t in doc.projects[0].thanks]


def test_an_owner_that_looks_like_the_author_outweighs_a_maintainers_rebase(repo: GitRepo):
    # Jan's own fork (owner = his e-mail's local part), then twice a maintainer's branch
    # carrying a commit of Jan's; Jan's squash merge in March is Jan's.
    repo.pull_request(1, "Own fix", login="medhefgo", author=JAN, date="2024-02-01T10:00:00Z")
    repo.pull_request(2, "Carried", login="mia-m", author=JAN, date="2024-02-02T10:00:00Z")
    repo.pull_request(3, "Carried 2", login="mia-m", author=JAN, date="2024-02-03T10:00:00Z")
    repo.commit("Later work (#4)", author=JAN, date="2024-03-12T10:00:00Z")
    pr = collect(repo)[4]
    assert (pr.author.login, pr.author.via) == ("medhefgo", "commits")


def test_an_organizations_fork_loses_to_a_login_the_editors_taught(repo: GitRepo):
    repo.pull_request(
        7, "Add a protocol", login="acme-corp", author=DANA, date="2024-03-02T10:00:00Z"
    )
    pr = collect(repo)[7]
    assert (pr.author.login, pr.author.name, pr.author.via) == ("acme-corp", "Dana Scully", "fork")
    assert pr.author.inferred
    assert thanked(repo) == ["acme-corp"]  # nothing better known: the owner is thanked
    assert thanked(repo, '"Dana Scully" = "dscully"') == ["dscully"]


def test_a_noreply_address_beats_the_logins_table(repo: GitRepo):
    repo.commit(
        "Fix (#8)",
        author=("Dana Scully", "9+dscully@users.noreply.github.com"),
        date="2024-03-03T10:00:00Z",
    )
    assert collect(repo)[8].author.via == "noreply"
    assert thanked(repo, '"Dana Scully" = "someone-else"') == ["dscully"]


def test_an_owner_like_the_author_is_not_overridden(repo: GitRepo):
    repo.pull_request(9, "Fix", login="medhefgo", author=JAN, date="2024-03-04T10:00:00Z")
    pr = collect(repo)[9]
    assert (pr.author.login, pr.author.via) == ("medhefgo", "head")
    assert thanked(repo, '"Jan Janssen" = "other"') == ["medhefgo"]


def test_a_maintainers_last_push_leaves_the_pr_to_the_forks_owner(repo: GitRepo):
    # Mia is known (her own fork's merges look like her): the tip is her push, the PR is zed's.
    mia = ("Mia Maintainer", "mia@mia.example")
    repo.pull_request(10, "Mine", login="mia", author=mia, date="2024-02-01T10:00:00Z")
    repo.pull_request(11, "Zed's, fixed up", login="zed0", author=mia, date="2024-03-05T10:00:00Z")
    pr = collect(repo)[11]
    assert (pr.author.login, pr.author.via) == ("zed0", "head")
    assert thanked(repo, '"Mia Maintainer" = "mia"') == ["zed0"]


def test_evidence_is_counted_once_however_many_scans_meet_it():
    book = IdentityBook()
    for _ in range(3):  # the history scan and the month's scan meet the same merge
        book.learn_head("Jan Janssen", JAN[1], "mia-m", key="abc")
    book.learn_head("Jan Janssen", JAN[1], "medhefgo", key="def")
    assert book.person(*JAN).login == "medhefgo"


def test_one_person_under_folded_names_and_common_names_only_when_unambiguous():
    book = IdentityBook()
    book.learn_commit("Jan Janssen", "5+medhefgo@users.noreply.github.com")
    assert book.person("jan  janssen", "jan@elsewhere.example").login == "medhefgo"
    book.learn_commit("John Smith", "6+jsmith@users.noreply.github.com")
    book.learn_commit("John Smith", "7+smithy@users.noreply.github.com")
    smith = book.person("John Smith", "john@example.com")
    assert smith.login is None and not smith.verified  # two people of that name: no guess


def test_corroboration_takes_name_local_part_or_domain_label():
    assert corroborates("medhefgo", *JAN)
    assert corroborates("hughsie", "Richard Hughes", "richard@hughsie.example")
    assert corroborates("RaitoBezarius", "Raito Bezarius", "x@gmail.example")
    assert not corroborates("FrameworkComputer", "Daniel Schaefer", "dhs@frame.example")
    assert not corroborates("org", *MAINTAINER)  # never the top-level domain


def test_a_tip_author_named_like_a_maintainers_login_is_that_maintainers_push(repo: GitRepo):
    # "Mia M" has no evidence of her own; her name has the letters of the maintainer MiaM:
    # the PR stays zed0's, whatever [policy.logins] says of Mia.
    mia = ("Mia M", "mm@x.example")
    repo.pull_request(12, "Fix", login="zed0", author=mia, date="2024-03-06T10:00:00Z")
    assert thanked(repo, '"Mia M" = "MiaM"', maintainer="MiaM") == ["zed0"]


def test_a_tip_pushed_by_the_merger_leaves_the_pr_to_the_forks_owner(repo: GitRepo):
    pat = ("Pat Push", "pat@x.example")  # no evidence anywhere; pushed a fix, then merged
    repo.branch("fix")
    repo.commit("Fix the thing", author=pat, date="2024-03-07T10:00:00Z")
    repo.checkout("main")
    repo.merge(
        "fix",
        "Merge pull request #13 from zed0/fix\n\nFix",
        author=pat,
        date="2024-03-07T11:00:00Z",
    )
    pr = collect(repo)[13]
    assert (pr.author.login, pr.author.via) == ("zed0", "head")
    assert thanked(repo, '"Pat Push" = "patp"') == ["zed0"]


def test_one_email_under_two_names_is_one_person_by_its_usual_name(repo: GitRepo):
    gus = ("Gus Caplan", "me@gus.example")
    repo.commit("Earlier (#20)", author=gus, date="2024-02-01T10:00:00Z")
    repo.commit("Header (#21)", author=gus, date="2024-03-02T10:00:00Z")
    repo.commit("Send (#22)", author=("snek", gus[1]), date="2024-03-03T10:00:00Z")
    pulls = collect(repo)
    assert pulls[22].author.name == pulls[21].author.name == "Gus Caplan"
    assert thanked(repo) == ["Gus Caplan"]
