"""Config loading: every problem reported at once, with file, line and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thismonth import config as cfg
from thismonth.config import keys
from thismonth.errors import ConfigError

DOCS = Path(__file__).parent.parent / "docs" / "config.md"


def load(tmp_path: Path, text: str) -> cfg.Config:
    path = tmp_path / "thismonth.toml"
    path.write_text(text)
    return cfg.load_config(path)


def test_valid_config_builds_projects(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
[newsletter]
name = "Rust OSDev"
timezone = "+02:00"
[[projects]]
repo = "rust-osdev/uefi-rs"
maintainers = ["GabrielMajeri", { login = "phip1611", url = "https://example.com/p" }]
dev_branches = ["next"]
[[projects.packages]]
name = "uefi"
tag_prefix = "uefi-v"
[[projects.rules]]
title = "^fix"
group = "Bug fixes"
""",
    )
    (project,) = config.projects
    assert project.name == "uefi-rs"
    assert project.clone == "uefi-rs"
    assert project.url == "https://github.com/rust-osdev/uefi-rs"
    assert [m.login for m in project.maintainers] == ["GabrielMajeri", "phip1611"]
    assert project.maintainers[1].url == "https://example.com/p"
    assert project.packages == [cfg.Package("uefi", "uefi-v")]
    assert project.rules[0].group == "Bug fixes" and project.rules[0].action == "list"
    # user rules come before the built-in defaults, which stay in force
    assert len(config.policy.rules) == len(cfg.DEFAULT_RULES)


def test_every_problem_is_reported_with_line_and_key(tmp_path: Path) -> None:
    text = """[newsletter]
title = "x {bogus}"
frontmatter = "zola"
timezone = "Mars/Olympus"

[[projects]]
repo = "a/b"

[[projects]]
repo = "not a repo"
maintainers = [3]

[[projects.rules]]
title = "("
action = "remove"
"""
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    lines = info.value.lines()
    path = str(tmp_path / "thismonth.toml")
    assert all(line.startswith(path + ":") for line in lines)
    joined = "\n".join(lines)
    assert ":2: newsletter.title: unknown placeholder" in joined
    assert ":3: newsletter.frontmatter: unknown key (did you mean 'front_matter'?)" in joined
    assert ":4: newsletter.timezone: unknown time zone" in joined
    assert ":10: projects[1].repo: 'not a repo' is not OWNER/NAME" in joined
    assert ":14: projects[1].rules[0].title: bad regular expression" in joined
    assert ":15: projects[1].rules[0].action: 'remove' is not one of list, comment, skip" in joined
    assert len(lines) >= 6


def test_wrong_types_and_duplicates(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(
            tmp_path,
            """[newsletter]
editors = "phil-opp"
[[projects]]
repo = "a/b"
dev_branches = "next"
[[projects]]
repo = "a/b"
""",
        )
    joined = "\n".join(info.value.lines())
    assert ":2: newsletter.editors: expected a list of strings, got a string" in joined
    assert ":5: projects[0].dev_branches: expected a list of strings" in joined
    assert ":7: projects[1].repo: a/b is listed twice" in joined


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"thismonth.toml:3: TOML syntax error"):
        load(tmp_path, '[newsletter]\nname = "x"\nname = = 2\n')


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        cfg.load_config(tmp_path / "nope.toml")


def test_every_key_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOCS.read_text(), flags=re.M))
    tables = [
        keys.NEWSLETTER_KEYS,
        keys.POLICY_KEYS,
        keys.RULE_KEYS,
        keys.PROJECT_KEYS,
        keys.PACKAGE_KEYS,
        keys.MAINTAINER_KEYS,
        keys.SITE_KEYS,
        keys.SECTION_KEYS,
        keys.CANDIDATE_SECTION_KEYS,
        keys.FEED_KEYS,
        keys.CANDIDATES_KEYS,
    ]
    missing = sorted({k for t in tables for k in t} - documented)
    assert missing == []


def test_rule_first_match() -> None:
    from thismonth.compose.policy import Candidate, decide
    from thismonth.models import Person

    config = cfg.default_config()
    bump = Candidate("pull", "Bump serde from 1.0 to 1.1", Person("a", "a"), "main", (), False)
    assert decide(config.policy.rules, bump).action == "comment"
    deps = Candidate(
        "pull", "chore(deps): update rust crate x to v2", Person("r", "r"), "main", (), False
    )
    assert decide(config.policy.rules, deps).action == "comment"
    bot = Candidate("pull", "Anything", Person("x", "renovate[bot]", bot=True), "main", (), True)
    assert decide(config.policy.rules, bot).action == "comment"
    normal = Candidate("pull", "Fix page table walk", Person("a", "a"), "main", (), False)
    assert decide(config.policy.rules, normal).action == "list"


def test_sections_parse_with_their_sources(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """[[sections]]
id = "news"
heading = "News"
feeds = ["https://a.example/feed.xml", { url = "https://b.example/rss", name = "B", digest = 'pull/' }]
cap = 3
[[sections]]
id = "other-projects"
watch = ["someone/os"]
""",
    )
    news, other = config.sections
    assert [f.label for f in news.feeds] == ["https://a.example/feed.xml", "B"]
    assert news.feeds[1].digest is not None and news.feeds[1].digest.search("x/pull/1")
    assert news.cap == 3 and news.place == "before-projects"
    assert other.builtin and other.watch == ["someone/os"]


def test_section_problems_are_all_reported_with_lines(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(
            tmp_path,
            """[[sections]]
id = "news"
feeds = ["not a url", { name = "x" }]
cap = 0
watch = ["nobody"]
[[sections]]
id = "news"
heading = "Again"
place = "middle"
""",
        )
    joined = "\n".join(info.value.lines())
    assert ":1: sections[0]: section 'news' needs a 'heading'" in joined
    assert ":3: sections[0].feeds[0]: 'not a url' is not an http(s) URL" in joined
    assert ":3: sections[0].feeds[1]: missing key 'url'" in joined
    assert ":4: sections[0].cap: 0 is not between 1 and 1000" in joined
    assert ":5: sections[0].watch: 'nobody' is not OWNER/NAME" in joined
    assert ":7: sections[1].id: 'news' is listed twice" in joined
    assert ":9: sections[1].place: 'middle' is not one of" in joined
