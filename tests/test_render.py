"""Golden-file tests of the rendered Markdown: a config, an activity, the expected issue.

Set THISMONTH_UPDATE_GOLDEN=1 to rewrite the expected files after an intended change,
then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from thismonth.compose import IssueDoc, build_issue
from thismonth.compose.document import Entry, PersonLink, ProjectSection
from thismonth.compose.thanks import thanks
from thismonth.config import load_config
from thismonth.models import Person, RepoActivity
from thismonth.months import Month
from thismonth.render import render_issue
from thismonth.render.render import join_words, people

FIXTURES = Path(__file__).parent / "fixtures"


def golden(case: Path, name: str, actual: str) -> None:
    expected = case / name
    if os.environ.get("THISMONTH_UPDATE_GOLDEN"):
        expected.write_text(actual)
    assert actual == expected.read_text()


def load_case(case: Path) -> tuple[IssueDoc, str]:
    config = load_config(case / "thismonth.toml")
    activities = {
        a["repo"]: RepoActivity.from_json(a)
        for a in json.loads((case / "activity.json").read_text())
    }
    doc = build_issue(config, Month(2022, 4), activities)
    return doc, render_issue(doc, config)


@pytest.mark.parametrize("front_matter", ["zola", "hugo"])
def test_golden_issue(front_matter: str, tmp_path: Path) -> None:
    case = FIXTURES / "render-basic"
    doc, markdown = load_case(case)
    if front_matter == "hugo":
        doc.front_matter = "hugo"
        markdown = render_issue(doc)
    golden(case, f"expected-{front_matter}.md", markdown)


def test_policy_decisions() -> None:
    doc, markdown = load_case(FIXTURES / "render-basic")
    kernel = doc.projects[0]
    assert [e.number for e in kernel.listed] == [11, 12, 14, 16]
    assert [e.number for e in kernel.commented] == [13]
    assert kernel.branches[0].branch == "next"
    assert [e.kind for e in kernel.branches[0].listed] == ["pull", "commit"]
    # maintainers and bots left out; a name without a verified login is kept unlinked
    assert [t.login for t in kernel.thanks] == ["ann", "bob", "Carol Example"]
    assert [t.url is None for t in kernel.thanks] == [False, False, True]
    # a project with only bot PRs gets a comment, not a section; an idle one nothing
    assert [p.name for p in doc.sections] == ["kernel"]
    assert [p.name for p in doc.quiet] == ["quiet"]
    assert "<!-- ### [`quiet`]" in markdown
    assert "idle" not in markdown
    # document model round-trips through JSON (thismonth draft --context / --from-context)
    again = IssueDoc.from_json(json.loads(json.dumps(doc.to_json())))
    assert render_issue(again) == render_issue(doc)


def test_thanks_grammar() -> None:
    links = [PersonLink(n, f"https://github.com/{n}") for n in ("a", "b", "c")]
    assert people(links[:1]) == "[@a](https://github.com/a)"
    assert people(links[:2]) == "[@a](https://github.com/a) and [@b](https://github.com/b)"
    assert people(links) == (
        "[@a](https://github.com/a), [@b](https://github.com/b), and [@c](https://github.com/c)"
    )
    assert join_words([]) == ""


def test_thanks_skips_maintainers_case_insensitively() -> None:
    config = load_config(FIXTURES / "render-basic" / "thismonth.toml")
    project = config.projects[0]
    entry = Entry("k", "pull", "t", "u", Person("M", "MAINT"), "list", "main")
    section = ProjectSection("example/kernel", "kernel", "u", [], "", [entry])
    assert thanks(config, project, section) == []


def test_a_newsletter_can_override_one_template(tmp_path: Path) -> None:
    case = FIXTURES / "render-basic"
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "project.md.j2").write_text(
        "### {{ p.name | md }} ({{ p.listed | length }} PRs)\n{% for e in p.listed %}* {{ e.title | md }}\n{% endfor %}"
    )
    text = (
        (case / "thismonth.toml")
        .read_text()
        .replace("[newsletter]\n", '[newsletter]\ntemplates = "templates"\n', 1)
    )
    (tmp_path / "thismonth.toml").write_text(text)
    config = load_config(tmp_path / "thismonth.toml")
    activities = {
        a["repo"]: RepoActivity.from_json(a)
        for a in json.loads((case / "activity.json").read_text())
    }
    markdown = render_issue(build_issue(config, Month(2022, 4), activities), config)
    assert "### kernel (4 PRs)\n* Add `PageTable::walk`\n" in markdown
    assert "## Call for Participation" in markdown  # the other templates are the built-in ones


def test_a_broken_template_is_one_clear_error(tmp_path: Path) -> None:
    from thismonth.errors import ThisMonthError

    (tmp_path / "issue.md.j2").write_text("{% for x in %}")
    doc, _ = load_case(FIXTURES / "render-basic")
    with pytest.raises(ThisMonthError, match=r"issue.md.j2:1: template error"):
        render_issue(doc, templates=tmp_path)


def test_thanks_counts_only_the_thanked_peoples_items() -> None:
    doc, _ = load_case(FIXTURES / "render-basic")
    kernel = doc.projects[0]
    # ann (2 items: one on main, one on next), bob, Carol; the maintainer's item is not theirs
    assert kernel.thanked_items == 4
    kernel.thanks = kernel.thanks[1:2]  # only bob
    assert kernel.thanked_items == 1
    assert "Thanks to [@bob](https://github.com/bob) for their contribution!" in render_issue(doc)


def test_recorded_logins_replace_unknown_names(tmp_path: Path) -> None:
    case = FIXTURES / "render-basic"
    text = (case / "thismonth.toml").read_text()
    text = text.replace(
        "[[policy.rules]]", '[policy.logins]\n"Carol Example" = "carol"\n\n[[policy.rules]]', 1
    )
    (tmp_path / "thismonth.toml").write_text(text)
    config = load_config(tmp_path / "thismonth.toml")
    activities = {
        a["repo"]: RepoActivity.from_json(a)
        for a in json.loads((case / "activity.json").read_text())
    }
    markdown = render_issue(build_issue(config, Month(2022, 4), activities), config)
    assert (
        "[@bob](https://github.com/bob), and [@carol](https://github.com/carol) for their"
        in markdown
    )
    assert "no GitHub login known" not in markdown
