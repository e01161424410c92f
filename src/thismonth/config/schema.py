"""``thismonth.toml`` as typed sections: what a loaded config holds.

One dataclass per TOML table (``[newsletter]``, ``[policy]``, ``[site]``,
``[[projects]]``, ``[[sections]]``), slotted so that a misspelt attribute is an error.
``keys.py`` says which keys each table takes and how each is checked; ``parse.py`` turns
a file into these, reporting every problem at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thismonth.months import zone

FRONT_MATTER_FLAVORS = ("zola", "hugo", "jekyll")
EDITORS_KEYS = ("editors", "authors")
HEADING_STYLES = ("code-link", "code", "link", "plain")
SECTION_KINDS = ("projects", "call-for-participation", "other-projects", "text", "closing")
ACTIONS = ("list", "comment", "skip")
# ``[policy] title_style``: "learn" (the default), "off", "all", or a list of these habits
# (compose/title_style.py knows what each one does to a title).
TITLE_STYLES = ("learn", "off", "all")
TITLE_HABITS = (
    "path",
    "generic",
    "call",
    "attribute",
    "macro",
    "file",
    "snake",
    "camel",
    "capitalize",
    "drop-refs",
)
DEFAULT_CFP_LABELS = ("good first issue", "help wanted")
DEFAULT_BOTS = (
    "dependabot[bot]",
    "dependabot-preview[bot]",
    "renovate[bot]",
    "renovate-bot",
    "github-actions[bot]",
    "bors[bot]",
    "pre-commit-ci[bot]",
    "mergify[bot]",
)

# The default bots as git names them (without "[bot]"), plus bors' and homu's own merge
# accounts: both sources and the policy recognise a bot by this one test.
_BOT_NAMES = frozenset(
    {b.removesuffix("[bot]") for b in DEFAULT_BOTS} | {"bors", "homu", "homunkulus"}
)


def is_bot_name(text: str) -> bool:
    """A login or git name that is a bot's, whatever the config adds."""
    low = text.strip().lower()
    return low.endswith("[bot]") or low in _BOT_NAMES


@dataclass(frozen=True)
class Rule:
    """One first-match policy rule: every condition given must hold."""

    action: str = "list"
    group: str | None = None
    author: tuple[str, ...] = ()
    bot: bool | None = None
    title: re.Pattern[str] | None = None
    branch: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    kind: str | None = None  # "pull" or "commit"


@dataclass(frozen=True)
class Maintainer:
    login: str
    url: str | None = None


@dataclass(frozen=True)
class Package:
    name: str
    tag_prefix: str = "v"


@dataclass(frozen=True)
class SectionConfig:
    """One ``##`` section of the issue, in order (``[[newsletter.sections]]``)."""

    heading: str
    kind: str = "text"
    intro: str = ""
    template: str = ""  # the inner text of an HTML comment for contributors
    commented: bool = False  # the whole section is kept inside ``<!-- -->``


@dataclass
class ProjectConfig:
    repo: str  # owner/name
    name: str
    clone: str
    description: str = ""
    maintainers: list[Maintainer] = field(default_factory=list)
    default_branch: str | None = None
    dev_branches: list[str] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    url: str = ""
    thank_maintainers: bool = False
    not_thanked: list[str] = field(default_factory=list)  # logins or git names
    # The keys the file states: learned habits fill in only the others.
    stated: frozenset[str] = frozenset()

    @property
    def owner(self) -> str:
        return self.repo.split("/", 1)[0]

    @property
    def short(self) -> str:
        return self.repo.split("/", 1)[1]


BUILTIN_SECTIONS = ("call-for-participation", "other-projects")
SECTION_PLACES = ("before-projects", "after-projects")


@dataclass(frozen=True)
class FeedConfig:
    """One RSS/Atom feed a section takes candidates from."""

    url: str
    name: str = ""  # how warnings and notes name it; the URL when empty
    digest: re.Pattern[str] | None = None  # a digest: its entries' links matching this

    @property
    def label(self) -> str:
        return self.name or self.url


@dataclass
class CandidateSection:
    """A section editors write by hand (news, tooling...), and where its candidates come from."""

    id: str
    heading: str = ""
    intro: str = ""
    template: str = ""  # the commented-out "please follow this template" text
    place: str = "before-projects"
    cap: int = 10
    feeds: list[FeedConfig] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)
    watch: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    strict: bool = False

    @property
    def builtin(self) -> bool:
        return self.id in BUILTIN_SECTIONS

    @property
    def has_sources(self) -> bool:
        return bool(self.feeds or self.searches or self.watch)


@dataclass(slots=True)
class NewsletterConfig:
    """``[newsletter]``: what the issue says and where it is written."""

    name: str = "Our Projects"
    organization: str = ""
    github_url: str = "https://github.com"
    title: str = "This Month in {name}: {month_label}"
    editors: list[str] = field(default_factory=list)
    timezone: str = "UTC"
    output: str = "content/this-month/{month}/index.md"
    front_matter: str = "zola"
    templates: Path | None = None
    intro: str = (
        'Welcome to a new issue of _"{title}"_. In these posts, we give a regular overview '
        "of notable changes in our projects.\n\n<!-- more -->"
    )
    projects_heading: str = "Project Updates"
    projects_intro: str = "In this section, we give an overview of notable changes to our projects."
    call_for_participation: str = (
        "Want to contribute, but don't know where to start? Pick up one of these outstanding "
        "issues in one of our projects and get started!"
    )
    other_projects: str = (
        "In this section, we describe updates to projects that are not directly related to "
        "the organization. Feel free to send a section about your project for the next issue."
    )
    join_us: str = "Are you interested in our projects? We are always open to new contributors. Just let us know!"
    editors_key: str = "editors"
    heading_style: str = "code-link"
    archive: Path | None = None  # published issues to learn from (default: the output pattern)
    sections: list[SectionConfig] = field(default_factory=list)
    # init --archive copied descriptions and maintainers as published up to this month
    # ("YYYY-MM"); a later issue's "Maintained by" line and description win over them.
    learned_until: str | None = None
    published_as: bool = True  # write "(published as `v1.2`)" next to a release's first PR
    cfp_labels: list[str] = field(default_factory=lambda: list(DEFAULT_CFP_LABELS))
    welcome_newcomers: bool = False
    summary_line: bool = False


@dataclass(slots=True)
class PolicyConfig:
    """``[policy]``: the editorial rules applied to every project after its own."""

    bots: list[str] = field(default_factory=lambda: list(DEFAULT_BOTS))
    logins: dict[str, str] = field(default_factory=dict)  # git name or e-mail -> login
    # repositories nobody configured that must not become "new project" sections
    exclude_repos: list[str] = field(default_factory=list)  # "owner/name" or name patterns
    rules: list[Rule] = field(default_factory=list)
    learn: bool = True  # learn the editors' habits from the archive (compose/learned.py)
    user_rule_count: int = 0  # rules[:user_rule_count] are [policy] rules, the rest defaults
    # Habits learned from the archive: after [policy] rules, before the built-in
    # defaults; the per-project ones by "owner/repo".
    learned_rules: list[Rule] = field(default_factory=list)
    learned_project_rules: dict[str, list[Rule]] = field(default_factory=dict)
    # How titles are styled (backticks, capitals, trailing "(#123)"): learned, off, all,
    # or the listed habits; learned_title_style holds what the archive taught
    # ("snake", "capitalize:owner/repo", "drop-refs").
    title_style: str | list[str] = "learn"
    learned_title_style: frozenset[str] = frozenset()


@dataclass(slots=True)
class SiteConfig:
    """``[site]``: the static site of ``thismonth build`` / ``serve`` / ``email``."""

    title: str = ""
    description: str = ""
    base_url: str = ""
    output: str = "public"
    comments: str = "none"
    comments_repo: str = ""
    giscus_repo_id: str = ""
    giscus_category: str = ""
    giscus_category_id: str = ""


@dataclass(slots=True)
class CandidatesConfig:
    """``[candidates]``: settings shared by every ``[[sections]]`` entry's candidates."""

    # An ``llm`` model id or alias: each kept candidate's context line also gets a
    # sentence written by it, marked for review (off when empty: docs/candidates.md).
    rewrite_model: str = ""
    rewrite_timeout: float = 60.0  # seconds to wait for one answer before giving up


@dataclass(slots=True)
class Config:
    """The whole file: one typed section per TOML table, plus the projects."""

    path: Path | None
    newsletter: NewsletterConfig = field(default_factory=NewsletterConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    projects: list[ProjectConfig] = field(default_factory=list)
    sections: list[CandidateSection] = field(default_factory=list)  # [[sections]]: candidates
    candidates: CandidatesConfig = field(default_factory=CandidatesConfig)
    # "newsletter.KEY" / "policy.KEY" for every key the file states: learning leaves them be
    stated: frozenset[str] = frozenset()

    def tz(self):
        return zone(self.newsletter.timezone)

    @property
    def root(self) -> Path:
        """The folder relative paths of the config are resolved against."""
        return self.path.parent if self.path else Path.cwd()

    def rules_for(self, project: ProjectConfig) -> list[Rule]:
        """[policy] rules, then learned habits, then the built-in defaults (after the
        project's own rules, which the caller puts first)."""
        policy = self.policy
        split = policy.user_rule_count
        learned = policy.learned_rules + policy.learned_project_rules.get(project.repo, [])
        return policy.rules[:split] + learned + policy.rules[split:]

    def project(self, key: str) -> ProjectConfig | None:
        for p in self.projects:
            if key in (p.repo, p.name, p.short, p.clone):
                return p
        return None


# Default rules after each project's own: the rust-osdev editors' habits
# (shared data README): bots and dependency bumps are commented out, not deleted.
DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {"bot": True, "action": "comment"},
    {"title": r"^(chore|build|fix)\(deps\)", "action": "comment"},
    {
        "title": r"^(chore|build)\((deps|cargo|actions)[^)]*\)\s*:\s*(update|bump|lock)",
        "action": "comment",
    },
    {"title": r"^(Bump|Update) [\w./@-]+ (requirement )?from \S+ to \S+", "action": "comment"},
    {"title": r"(?i)^(chore(\(deps\))?: )?lock file maintenance", "action": "comment"},
    {"title": r"(?i)^update rust crate ", "action": "comment"},
    {"title": r"(?i)^merge (branch )?'?(main|master|develop)'? into", "action": "comment"},
)
