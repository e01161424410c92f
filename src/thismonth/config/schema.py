"""``thismonth.toml``: the newsletter's editorial policy as data.

The schema lives here as plain dataclasses plus one table of known keys per TOML table.
Loading validates everything and reports every problem at once, each as
``file:line: key: message``, because an editor fixing a config wants one pass, not ten.
docs/config.md documents each key; tests/test_config.py checks that every key here is
documented there.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thismonth.config.lines import Problems
from thismonth.errors import ConfigError, toml_error
from thismonth.forge import repo_url
from thismonth.months import zone
from thismonth.writing import TextFileError, read_text

FRONT_MATTER_FLAVORS = ("zola", "hugo", "jekyll")
EDITORS_KEYS = ("editors", "authors")
HEADING_STYLES = ("code-link", "code", "link", "plain")
SECTION_KINDS = ("projects", "call-for-participation", "other-projects", "text", "closing")
ACTIONS = ("list", "comment", "skip")
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
class Config:
    """The whole file: one typed section per TOML table, plus the projects."""

    path: Path | None
    newsletter: NewsletterConfig = field(default_factory=NewsletterConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    projects: list[ProjectConfig] = field(default_factory=list)
    sections: list[CandidateSection] = field(default_factory=list)  # [[sections]]: candidates
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


# ---------------------------------------------------------------- validation

_Check = Callable[[Any], str | None]


def _is_str(v: Any) -> str | None:
    return None if isinstance(v, str) else f"expected a string, got {_tname(v)}"


def _is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"expected true or false, got {_tname(v)}"


def _is_str_list(v: Any) -> str | None:
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return None
    return f"expected a list of strings, got {_tname(v)}"


def _str_or_list(v: Any) -> str | None:
    return None if isinstance(v, str) else _is_str_list(v)


def _one_of(*choices: str) -> _Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, str):
            return f"expected one of {', '.join(choices)}, got {_tname(v)}"
        return None if v in choices else f"{v!r} is not one of {', '.join(choices)}"

    return check


def _regex(v: Any) -> str | None:
    if not isinstance(v, str):
        return f"expected a regular expression string, got {_tname(v)}"
    try:
        re.compile(v)
    except re.error as exc:
        return f"bad regular expression {v!r}: {exc}"
    return None


def _timezone(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    try:
        zone(v)
    except Exception as exc:  # UsageError carries the message
        return str(exc)
    return None


def _repo(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", v):
        return f"{v!r} is not OWNER/NAME"
    return None


def _template(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    try:
        v.format(**_TEMPLATE_FIELDS)
    except (KeyError, IndexError, ValueError) as exc:
        return f"unknown placeholder {exc} in {v!r}: use {', '.join('{' + k + '}' for k in _TEMPLATE_FIELDS)}"
    return None


_TEMPLATE_FIELDS = {
    "name": "X",
    "title": "This Month in X: April 2022",
    "month": "2022-04",
    "month_label": "April 2022",
    "month_name": "April",
    "year": 2022,
    "mm": "04",
}

NEWSLETTER_KEYS: dict[str, _Check] = {
    "name": _is_str,
    "organization": _is_str,
    "github_url": _is_str,
    "title": _template,
    "editors": _is_str_list,
    "timezone": _timezone,
    "output": _template,
    "front_matter": _one_of(*FRONT_MATTER_FLAVORS),
    "templates": _is_str,
    "intro": _template,
    "projects_heading": _is_str,
    "projects_intro": _is_str,
    "call_for_participation": _is_str,
    "other_projects": _is_str,
    "join_us": _is_str,
    "cfp_labels": _is_str_list,
    "welcome_newcomers": _is_bool,
    "summary_line": _is_bool,
    "editors_key": _one_of(*EDITORS_KEYS),
    "heading_style": _one_of(*HEADING_STYLES),
    "archive": _is_str,
    "sections": lambda v: None,
    "published_as": _is_bool,
    "learned_until": lambda v: (
        None
        if isinstance(v, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v)
        else "expected a month, YYYY-MM"
    ),
}
SECTION_KEYS: dict[str, _Check] = {
    "heading": _is_str,
    "kind": _one_of(*SECTION_KINDS),
    "intro": _is_str,
    "template": _is_str,
    "commented": _is_bool,
}


def _login_map(v: Any) -> str | None:
    if isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()):
        bad = [
            x
            for x in v.values()
            if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?", x)
        ]
        return f"{bad[0]!r} is not a GitHub login" if bad else None
    return f"expected a table of name = login, got {_tname(v)}"


POLICY_KEYS: dict[str, _Check] = {
    "bots": _is_str_list,
    "rules": lambda v: None,
    "logins": _login_map,
    "exclude_repos": _is_str_list,
    "learn": _is_bool,
}
RULE_KEYS: dict[str, _Check] = {
    "action": _one_of(*ACTIONS),
    "group": _is_str,
    "author": _str_or_list,
    "bot": _is_bool,
    "title": _regex,
    "branch": _str_or_list,
    "labels": _str_or_list,
    "kind": _one_of("pull", "commit"),
}
PROJECT_KEYS: dict[str, _Check] = {
    "repo": _repo,
    "name": _is_str,
    "clone": _is_str,
    "url": _is_str,
    "description": _is_str,
    "maintainers": lambda v: None,
    "default_branch": _is_str,
    "dev_branches": _is_str_list,
    "packages": lambda v: None,
    "rules": lambda v: None,
    "groups": _is_str_list,
    "thank_maintainers": _is_bool,
    "not_thanked": _is_str_list,
}
PACKAGE_KEYS: dict[str, _Check] = {"name": _is_str, "tag_prefix": _is_str}
MAINTAINER_KEYS: dict[str, _Check] = {"login": _is_str, "url": _is_str}
SITE_KEYS: dict[str, _Check] = {
    "title": _is_str,
    "description": _is_str,
    "base_url": _is_str,
    "output": _is_str,
    "comments": _one_of("none", "utterances", "giscus"),
    "comments_repo": _repo,
    "giscus_repo_id": _is_str,
    "giscus_category": _is_str,
    "giscus_category_id": _is_str,
}
TOP_KEYS = ("newsletter", "policy", "projects", "site", "sections")


def _positive(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int):
        return f"expected a whole number, got {_tname(v)}"
    return None if 0 < v <= 1000 else f"{v} is not between 1 and 1000"


def _http_url(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    return None if re.match(r"^https?://[^/\s]+", v) else f"{v!r} is not an http(s) URL"


def _feeds(v: Any) -> str | None:
    return (
        None if isinstance(v, list) else f"expected a list of URLs or feed tables, got {_tname(v)}"
    )


def _repos(v: Any) -> str | None:
    if (err := _is_str_list(v)) is not None:
        return err
    bad = [x for x in v if _repo(x)]
    return f"{bad[0]!r} is not OWNER/NAME" if bad else None


CANDIDATE_SECTION_KEYS: dict[str, _Check] = {
    "id": lambda v: (
        None
        if isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v)
        else (f"{v!r} is not a section id (lowercase letters, digits and '-')")
    ),
    "heading": _is_str,
    "intro": _is_str,
    "template": _is_str,
    "place": _one_of(*SECTION_PLACES),
    "cap": _positive,
    "feeds": _feeds,
    "searches": _is_str_list,
    "watch": _repos,
    "words": _is_str_list,
    "strict": _is_bool,
}
FEED_KEYS: dict[str, _Check] = {"url": _http_url, "name": _is_str, "digest": _regex}


def _tname(v: Any) -> str:
    return {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(v), type(v).__name__)


def _check_table(
    problems: Problems,
    table: Any,
    keys: dict[str, _Check],
    where: tuple[str | int, ...],
) -> dict[str, Any]:
    if not isinstance(table, dict):
        problems.add(where, f"expected a table, got {_tname(table)}")
        return {}
    good: dict[str, Any] = {}
    for key, value in table.items():
        if key not in keys:
            close = [k for k in keys if k.replace("_", "") == key.replace("_", "").replace("-", "")]
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known keys: {', '.join(keys)}"
            problems.add((*where, key), f"unknown key{hint}")
            continue
        err = keys[key](value)
        if err:
            problems.add((*where, key), err)
            continue
        good[key] = value
    return good


def _as_tuple(v: str | list[str] | None) -> tuple[str, ...]:
    if v is None:
        return ()
    return (v,) if isinstance(v, str) else tuple(v)


def _rules(problems: Problems, raw: Any, where: tuple[str | int, ...]) -> list[Rule]:
    if not isinstance(raw, list):
        problems.add(where, f"expected a list of rule tables, got {_tname(raw)}")
        return []
    rules = []
    for i, entry in enumerate(raw):
        good = _check_table(problems, entry, RULE_KEYS, (*where, i))
        if not isinstance(entry, dict):
            continue
        if "action" not in entry and "group" not in entry:
            problems.add((*where, i), "a rule needs an action (list, comment, skip) or a group")
            continue
        rules.append(
            Rule(
                action=good.get("action", "list"),
                group=good.get("group"),
                author=tuple(a.lower() for a in _as_tuple(good.get("author"))),
                bot=good.get("bot"),
                title=re.compile(good["title"]) if "title" in good else None,
                branch=_as_tuple(good.get("branch")),
                labels=tuple(x.lower() for x in _as_tuple(good.get("labels"))),
                kind=good.get("kind"),
            )
        )
    return rules


def _sections(problems: Problems, raw: Any) -> list[SectionConfig]:
    where: tuple[str | int, ...] = ("newsletter", "sections")
    if not isinstance(raw, list):
        problems.add(where, f"expected [[newsletter.sections]] tables, got {_tname(raw)}")
        return []
    out = []
    for i, entry in enumerate(raw):
        good = _check_table(problems, entry, SECTION_KEYS, (*where, i))
        if isinstance(entry, dict) and "heading" not in entry:
            problems.add((*where, i), "missing key 'heading'")
        elif "heading" in good:
            inside = ("template", "intro") if good.get("commented") else ("template",)
            for key in inside:  # written inside an HTML comment: must not end or nest one
                if "-->" in good.get(key, "") or "<!--" in good.get(key, ""):
                    problems.add(
                        (*where, i, key),
                        "must not contain '<!--' or '-->': it is written inside an HTML comment",
                    )
            out.append(SectionConfig(**good))
    kinds = [s.kind for s in out]
    for kind in ("projects", "closing"):
        if kinds.count(kind) > 1:
            problems.add(where, f"more than one section of kind {kind!r}")
    return out


def _project(problems: Problems, raw: Any, i: int, config: Config) -> ProjectConfig | None:
    where: tuple[str | int, ...] = ("projects", i)
    good = _check_table(problems, raw, PROJECT_KEYS, where)
    if not isinstance(raw, dict):
        return None
    if "repo" not in raw:
        problems.add(where, "missing key 'repo' (OWNER/NAME)")
    # Go on validating the rest even without a usable repo: report everything at once.
    repo = good.get("repo", "invalid/invalid")
    short = repo.split("/", 1)[1]
    maintainers: list[Maintainer] = []
    for j, m in enumerate(good.get("maintainers", [])):
        if isinstance(m, str):
            maintainers.append(Maintainer(m))
        elif isinstance(m, dict):
            mg = _check_table(problems, m, MAINTAINER_KEYS, (*where, "maintainers", j))
            if "login" in mg:
                maintainers.append(Maintainer(mg["login"], mg.get("url")))
            else:
                problems.add((*where, "maintainers", j), "missing key 'login'")
        else:
            problems.add(
                (*where, "maintainers", j), f"expected a login or a table, got {_tname(m)}"
            )
    if "maintainers" in good and not isinstance(good["maintainers"], list):
        problems.add((*where, "maintainers"), "expected a list of logins")
    packages: list[Package] = []
    raw_packages = good.get("packages", [])
    if not isinstance(raw_packages, list):
        problems.add((*where, "packages"), "expected a list of package tables")
        raw_packages = []
    for j, pkg in enumerate(raw_packages):
        pg = _check_table(problems, pkg, PACKAGE_KEYS, (*where, "packages", j))
        if isinstance(pkg, dict) and "name" not in pkg:
            problems.add((*where, "packages", j), "missing key 'name'")
        elif "name" in pg:
            packages.append(Package(pg["name"], pg.get("tag_prefix", "v")))
    rules = _rules(problems, good["rules"], (*where, "rules")) if "rules" in good else []
    if "repo" not in good:
        return None
    return ProjectConfig(
        repo=repo,
        name=good.get("name", short),
        clone=good.get("clone", short),
        url=good.get("url", repo_url(config.newsletter.github_url, repo)),
        description=good.get("description", ""),
        maintainers=maintainers,
        default_branch=good.get("default_branch"),
        dev_branches=list(good.get("dev_branches", [])),
        packages=packages,
        rules=rules,
        groups=list(good.get("groups", [])),
        thank_maintainers=good.get("thank_maintainers", False),
        not_thanked=list(good.get("not_thanked", [])),
        stated=frozenset(good),
    )


def parse_config(text: str, path: Path) -> Config:
    """Validate ``text`` (the content of ``path``) and build a Config, or raise ConfigError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_error(exc)
        where = f"{path}:{line}" if line else str(path)
        raise ConfigError([f"{where}: TOML syntax error: {reason}"]) from None
    problems = Problems(path, text)
    config = Config(path=path)
    for key in data:
        if key not in TOP_KEYS:
            problems.add((key,), f"unknown table; known: {', '.join(TOP_KEYS)}")
    news = _check_table(problems, data.get("newsletter", {}), NEWSLETTER_KEYS, ("newsletter",))
    for key, value in news.items():
        if key == "templates":
            templates = (path.parent / value) if value else None
            config.newsletter.templates = templates
            if templates and not templates.is_dir():
                problems.add(("newsletter", "templates"), f"folder {templates} does not exist")
        elif key == "archive":
            config.newsletter.archive = path.parent / value
        elif key == "sections":
            config.newsletter.sections = _sections(problems, value)
        else:
            setattr(config.newsletter, key, list(value) if isinstance(value, list) else value)
    site = _check_table(problems, data.get("site", {}), SITE_KEYS, ("site",))
    for key, value in site.items():
        setattr(config.site, key, value)
    policy = _check_table(problems, data.get("policy", {}), POLICY_KEYS, ("policy",))
    if "bots" in policy:
        config.policy.bots = list(policy["bots"])
    if "learn" in policy:
        config.policy.learn = policy["learn"]
    if "logins" in policy:
        config.policy.logins = {k.lower(): x for k, x in policy["logins"].items()}
    if "exclude_repos" in policy:
        config.policy.exclude_repos = list(policy["exclude_repos"])
    user_rules = _rules(problems, policy["rules"], ("policy", "rules")) if "rules" in policy else []
    default_rules = _rules(problems, list(DEFAULT_RULES), ("policy", "rules"))
    config.policy.rules = user_rules + default_rules
    config.policy.user_rule_count = len(user_rules)
    config.stated = frozenset([f"newsletter.{k}" for k in news] + [f"policy.{k}" for k in policy])
    raw_projects = data.get("projects", [])
    if not isinstance(raw_projects, list):
        problems.add(("projects",), "expected [[projects]] tables")
        raw_projects = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_projects):
        project = _project(problems, raw, i, config)
        if project is None:
            continue
        if project.repo in seen:
            problems.add(
                ("projects", i, "repo"),
                f"{project.repo} is listed twice (also projects[{seen[project.repo]}])",
            )
            continue
        seen[project.repo] = i
        config.projects.append(project)
    config.sections = _candidate_sections(problems, data.get("sections", []))
    problems.raise_if_any()
    return config


def _candidate_sections(problems: Problems, raw: Any) -> list[CandidateSection]:
    if not isinstance(raw, list):
        problems.add(("sections",), "expected [[sections]] tables")
        return []
    out: list[CandidateSection] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        where: tuple[str | int, ...] = ("sections", i)
        good = _check_table(problems, entry, CANDIDATE_SECTION_KEYS, where)
        if not isinstance(entry, dict):
            continue
        if "id" not in entry:
            problems.add(where, "missing key 'id' (e.g. \"news\")")
        feeds: list[FeedConfig] = []
        for j, f in enumerate(good.get("feeds", [])):
            fw = (*where, "feeds", j)
            if isinstance(f, str):
                if (err := _http_url(f)) is not None:
                    problems.add(fw, err)
                else:
                    feeds.append(FeedConfig(f))
                continue
            fg = _check_table(problems, f, FEED_KEYS, fw)
            if isinstance(f, dict) and "url" not in f:
                problems.add(fw, "missing key 'url'")
            elif "url" in fg:
                digest = re.compile(fg["digest"]) if "digest" in fg else None
                feeds.append(FeedConfig(fg["url"], fg.get("name", ""), digest))
        if "id" not in good:
            continue
        sid = good["id"]
        if sid in seen:
            problems.add((*where, "id"), f"{sid!r} is listed twice (also sections[{seen[sid]}])")
            continue
        seen[sid] = i
        if sid not in BUILTIN_SECTIONS and not good.get("heading"):
            problems.add(where, f"section {sid!r} needs a 'heading'")
        out.append(
            CandidateSection(
                id=sid,
                heading=good.get("heading", ""),
                intro=good.get("intro", ""),
                template=good.get("template", ""),
                place=good.get("place", "before-projects"),
                cap=good.get("cap", 10),
                feeds=feeds,
                searches=list(good.get("searches", [])),
                watch=list(good.get("watch", [])),
                words=list(good.get("words", [])),
                strict=good.get("strict", False),
            )
        )
    return out


def load_config(path: Path) -> Config:
    try:
        text = read_text(path)
    except FileNotFoundError:
        raise ConfigError(
            [f"{path}: config file not found (run `thismonth init` to write one)"]
        ) from None
    except TextFileError as exc:
        raise ConfigError([f"cannot read config: {exc}"]) from None
    return parse_config(text, path)


def default_config() -> Config:
    """The config used when there is no file: every default, no projects."""
    config = Config(path=None)
    config.policy.rules = _rules(
        Problems(Path("<defaults>"), ""), list(DEFAULT_RULES), ("policy", "rules")
    )
    return config
