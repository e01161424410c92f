"""Titles as the editors write them: code-like words in backticks, capitals, no "(#123)",
learned from the archive per kind of word, with support, and switched by config."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from clirun import run
from gitrepo import GitRepo
from thismonth.archive import parse_issue
from thismonth.compose import build_issue
from thismonth.compose.learned import apply, learn
from thismonth.compose.learned_titles import same_but_styling
from thismonth.compose.title_style import (
    ALL,
    KIND_LABELS,
    TitleStyle,
    style_of,
    style_title,
    tokens,
)
from thismonth.config import TITLE_HABITS, parse_config
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month

CONFIG = """
[newsletter]
name = "Demo"
organization = "demo"
output = "content/{month}/index.md"

[[projects]]
repo = "demo/widget"
"""
MONTHS = [Month(2024, 1), Month(2024, 2), Month(2024, 3)]


def wrap(*kinds: str) -> TitleStyle:
    return TitleStyle(wrap=frozenset(kinds))


@pytest.mark.parametrize(
    ("title", "kinds"),
    [
        ("Add Descriptor::dpl const method", [("path", "Descriptor::dpl")]),
        ("`RacyCell<T>`: ok, Vec<u8> too", [("generic", "Vec<u8>")]),
        ("uefi: Add delete_variable() helper", [("call", "delete_variable()")]),
        ("set repr(transparent) on bitflags", [("attribute", "repr(transparent)")]),
        ("Add ucs2_cstr! macro", [("macro", "ucs2_cstr!")]),
        ("move mem.rs -> mem/mod.rs", [("file", "mem.rs"), ("file", "mem/mod.rs")]),
        ("avoid relocation to __BOOTLOADER_CONFIG", [("snake", "__BOOTLOADER_CONFIG")]),
        ("Add HandlerFuncType trait, not PCIe or UEFI", [("camel", "HandlerFuncType")]),
        ("Fix the build on RISC-V", []),
    ],
)
def test_code_like_words_are_found_by_kind(title: str, kinds: list[tuple[str, str]]) -> None:
    assert [(t.kind, t.text) for t in tokens(title)] == kinds


def test_the_kinds_are_the_config_habits() -> None:
    assert set(KIND_LABELS) | {"capitalize", "drop-refs"} == set(TITLE_HABITS)


@pytest.mark.parametrize(
    ("title", "styled"),
    [
        ("Add Descriptor::dpl const method", "Add `Descriptor::dpl` const method"),
        ("RacyCell<T>: Data race allowed on T", "`RacyCell<T>`: Data race allowed on T"),
        ("optimize from_page_table_indices", "Optimize `from_page_table_indices`"),
        ("Add bios and uefi cargo features (closes #287)", "Add bios and uefi cargo features"),
        ("Fix a_b (#12)", "Fix `a_b`"),
        # Code spans, URLs and a conventional-commit prefix are never touched...
        ("Keep `a_b` and `x::y` as they are", "Keep `a_b` and `x::y` as they are"),
        ("see https://x.org/a_b::c", "See https://x.org/a_b::c"),
        ("fix(deps): update serde_json", "fix(deps): update `serde_json`"),
        # ...nor a `scope:` title's first letter, nor a first word that is code.
        ("uefi: add foo_bar", "uefi: add `foo_bar`"),
        ("foo_bar is faster", "`foo_bar` is faster"),
        # A stray backtick could pair with a new one: no backticks are added.
        ("add `from_slice to VirtAddr", "Add `from_slice to VirtAddr"),
        ("(#5)", "(#5)"),  # nothing left: the reference stays
        ("fix #12", "Fix #12"),  # a bare reference is what the title says
    ],
)
def test_every_habit_applied(title: str, styled: str) -> None:
    assert style_title(title, ALL, "demo/widget") == styled


def test_only_the_chosen_kinds_and_projects() -> None:
    title = "add foo_bar to FooBar"
    assert style_title(title, wrap("camel")) == "add foo_bar to `FooBar`"
    assert style_title(title, TitleStyle()) == title
    caps = style_of(["capitalize:demo/widget"])
    assert style_title(title, caps, "demo/widget") == "Add foo_bar to FooBar"
    assert style_title(title, caps, "demo/other") == title


def test_styling_evidence_only_from_titles_that_differ_in_styling() -> None:
    assert same_but_styling("optimize from_x (#3)", "Optimize `from_x`")
    assert not same_but_styling("Log level feature", "Make log level configurable")


# ---------------------------------------------------------------- learning


def issue(month: Month, titles: list[tuple[int, str]]) -> str:
    lines = [
        "+++",
        f'title = "This Month in Demo: {month.label}"',
        "[extra]",
        'editors = ["ed"]',
        "+++",
        "",
        "## Projects",
        "",
        "### [`widget`](https://github.com/demo/widget)",
        "",
        "We merged:",
        "",
    ]
    lines += [f"- [{t}](https://github.com/demo/widget/pull/{n})" for n, t in titles]
    return "\n".join(lines) + "\n"


def pull(number: int, title: str, month: Month) -> PullRequest:
    return PullRequest(
        "demo/widget",
        number,
        title,
        f"https://github.com/demo/widget/pull/{number}",
        Person("Carol", "carol"),
        datetime(month.year, month.month, 3, tzinfo=UTC),
        "main",
    )


# (source title, published title): snake_case wrapped each time, CamelCase left, and a
# rewritten title that says nothing about styling.
PAIRS = [
    ("Add new_widget helper", "Add `new_widget` helper"),
    ("Fix gear_ratio and FooBar", "Fix `gear_ratio` and FooBar"),
    ("Log level feature", "Make the log level configurable"),
]


def archive(pairs: list[tuple[str, str]] = PAIRS):  # type: ignore[no-untyped-def]
    issues, history = [], {}
    for i, m in enumerate(MONTHS):
        numbered = [(10 * i + k, src, pub) for k, (src, pub) in enumerate(pairs)]
        text = issue(m, [(n, pub) for n, _, pub in numbered])
        issues.append(parse_issue(text, Path(f"{m}.md"), m))
        pulls = [pull(n, src, m) for n, src, _ in numbered]
        history[m] = {"demo/widget": RepoActivity("demo/widget", "main", pulls=pulls)}
    return issues, history


def draft_titles(extra: str = "", pairs: list[tuple[str, str]] = PAIRS) -> list[str]:
    config = parse_config(CONFIG + extra, Path("thismonth.toml"))
    issues, history = archive(pairs)
    learned = learn(config, Month(2024, 4), issues, history.__getitem__)
    new = pull(99, "use spin_lock in FooBar", Month(2024, 4))
    activity = {"demo/widget": RepoActivity("demo/widget", "main", pulls=[new])}
    doc = build_issue(apply(config, learned), Month(2024, 4), activity)
    return [e.title for e in doc.projects[0].entries]


def test_a_styling_habit_with_support_is_learned_with_its_evidence() -> None:
    config = parse_config(CONFIG, Path("thismonth.toml"))
    issues, history = archive()
    learned = learn(config, Month(2024, 4), issues, history.__getitem__)
    title = [v for v in learned.values if v.what == "title"]
    assert [v.value for v in title] == ["wrap snake_case names in backticks"]
    assert title[0].evidence.startswith("6 of the 6 in the last 3 issues were wrapped")
    assert title[0].override == 'title_style = "off"  # under [policy]'
    # With several habits, the override keeps every other one.
    both = [("Fix gear_ratio and foo_bar", "Fix `gear_ratio` and `foo_bar`"), *PAIRS[:1]]
    capitals = [("add foo_bar", "Add `foo_bar`"), ("fix a_b", "Fix `a_b`")]
    issues, history = archive(both + capitals)
    learned = learn(config, Month(2024, 4), issues, history.__getitem__)
    overrides = {v.value: v.override for v in learned.values if v.what == "title"}
    assert overrides["wrap snake_case names in backticks"].startswith(
        'title_style = ["capitalize:demo/widget"]  # under [policy]'
    )
    assert draft_titles('\n[policy]\ntitle_style = ["capitalize:demo/widget"]\n') == [
        "Use spin_lock in FooBar"
    ]
    # CamelCase was seen and left as it was: reported, not learned.
    assert not any("CamelCase" in t for t in learned.below_threshold)
    assert draft_titles() == ["use `spin_lock` in FooBar"]


def test_mixed_or_thin_evidence_is_reported_not_learned() -> None:
    mixed = [
        ("Add new_widget helper", "Add `new_widget` helper"),
        ("Fix gear_ratio", "Fix gear_ratio"),
    ]
    config = parse_config(CONFIG, Path("thismonth.toml"))
    issues, history = archive(mixed)
    learned = learn(config, Month(2024, 4), issues, history.__getitem__)
    assert not any(v.what == "title" for v in learned.values)
    assert any(
        "title habit not learned: wrap snake_case names in backticks: 3 of the 6" in t
        for t in learned.below_threshold
    )
    assert draft_titles(pairs=mixed) == ["use spin_lock in FooBar"]
    thin = learn(config, Month(2024, 2), issues[:1], history.__getitem__)
    assert not any(v.what == "title" for v in thin.values)


def test_issues_of_the_month_and_later_teach_nothing() -> None:
    config = parse_config(CONFIG, Path("thismonth.toml"))
    issues, history = archive()
    alone = learn(config, Month(2024, 3), issues[:2], history.__getitem__)
    with_later = learn(config, Month(2024, 3), issues, history.__getitem__)
    assert alone.title_style == with_later.title_style
    assert [v.evidence for v in alone.values] == [v.evidence for v in with_later.values]
    assert alone.below_threshold == with_later.below_threshold


def test_config_turns_title_styling_off_or_forces_it() -> None:
    assert draft_titles('\n[policy]\ntitle_style = "off"\n') == ["use spin_lock in FooBar"]
    assert draft_titles('\n[policy]\ntitle_style = "all"\n') == ["Use `spin_lock` in `FooBar`"]
    assert draft_titles('\n[policy]\ntitle_style = ["camel"]\n') == ["use spin_lock in `FooBar`"]


def test_a_bad_title_style_is_one_line_naming_the_key(tmp_path: Path) -> None:
    toml = tmp_path / "thismonth.toml"
    toml.write_text(
        CONFIG.replace("[[projects]]", '[policy]\ntitle_style = ["kebab"]\n\n[[projects]]')
    )
    result = run("draft", "2024-04", "--config", toml, "--output", "-")
    assert result.code == 2
    assert "title_style" in result.err and "'kebab' is not one of" in result.err
    assert "Traceback" not in result.err


# ---------------------------------------------------------------- end to end


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    clone = GitRepo.init(tmp_path / "clones" / "widget")
    clone.commit("Initial", date="2023-12-01T00:00:00+00:00")
    for i, m in enumerate(MONTHS):
        published = []
        for k, (src, pub) in enumerate(PAIRS):
            n = 10 * i + k
            clone.pull_request(n, src, login="carol", date=f"{m}-0{k + 2}T10:00:00+00:00")
            published.append((n, pub))
        folder = tmp_path / "content" / str(m)
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(issue(m, published))
    clone.pull_request(
        100, "use spin_lock in FooBar", login="carol", date="2024-04-03T10:00:00+00:00"
    )
    return tmp_path


def test_draft_and_policy_explain_show_the_learned_title_habit(site: Path) -> None:
    args = ("--config", site / "thismonth.toml", "--source", "git", "--repos", site / "clones")
    drafted = run("draft", "2024-04", *args, "--output", "-", "--explain")
    assert drafted.code == 0, drafted.err
    assert "- [use `spin_lock` in FooBar](https://github.com/demo/widget/pull/100)" in drafted.out
    assert "title: wrap snake_case names in backticks (6 of the 6" in drafted.err
    assert "Titles in 2024-04 styled by learned title habits:" in drafted.err
    assert "  - widget: use spin_lock in FooBar -> use `spin_lock` in FooBar (" in drafted.err
    explained = run("policy", "explain", "2024-04", *args)
    assert explained.code == 0, explained.err
    assert "title: wrap snake_case names in backticks (6 of the 6 in the last 3 issues" in (
        explained.out
    )
    assert 'override: title_style = "off"' in explained.out
    assert "widget: use spin_lock in FooBar -> use `spin_lock` in FooBar" in explained.out
    off = run("draft", "2024-04", *args, "--output", "-", "--no-learn")
    assert "- [use spin_lock in FooBar](https://github.com/demo/widget/pull/100)" in off.out
