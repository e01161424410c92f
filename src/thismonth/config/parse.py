"""Loading ``thismonth.toml``: validate everything, report every problem at once.

Each problem is ``file:line: key: message``, because an editor fixing a config wants one
pass, not ten.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from thismonth.config.keys import (
    CANDIDATE_SECTION_KEYS,
    CANDIDATES_KEYS,
    FEED_KEYS,
    MAINTAINER_KEYS,
    NEWSLETTER_KEYS,
    PACKAGE_KEYS,
    POLICY_KEYS,
    PROJECT_KEYS,
    RULE_KEYS,
    SECTION_KEYS,
    SITE_KEYS,
    TOP_KEYS,
    check_table,
    http_url,
    type_name,
)
from thismonth.config.lines import Problems
from thismonth.config.schema import (
    BUILTIN_SECTIONS,
    DEFAULT_RULES,
    CandidateSection,
    Config,
    FeedConfig,
    Maintainer,
    Package,
    ProjectConfig,
    Rule,
    SectionConfig,
)
from thismonth.errors import ConfigError, toml_error
from thismonth.forge import repo_url
from thismonth.writing import TextFileError, read_text


def _as_tuple(v: str | list[str] | None) -> tuple[str, ...]:
    if v is None:
        return ()
    return (v,) if isinstance(v, str) else tuple(v)


def _rules(problems: Problems, raw: Any, where: tuple[str | int, ...]) -> list[Rule]:
    if not isinstance(raw, list):
        problems.add(where, f"expected a list of rule tables, got {type_name(raw)}")
        return []
    rules = []
    for i, entry in enumerate(raw):
        good = check_table(problems, entry, RULE_KEYS, (*where, i))
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
        problems.add(where, f"expected [[newsletter.sections]] tables, got {type_name(raw)}")
        return []
    out = []
    for i, entry in enumerate(raw):
        good = check_table(problems, entry, SECTION_KEYS, (*where, i))
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
    good = check_table(problems, raw, PROJECT_KEYS, where)
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
            mg = check_table(problems, m, MAINTAINER_KEYS, (*where, "maintainers", j))
            if "login" in mg:
                maintainers.append(Maintainer(mg["login"], mg.get("url")))
            else:
                problems.add((*where, "maintainers", j), "missing key 'login'")
        else:
            problems.add(
                (*where, "maintainers", j), f"expected a login or a table, got {type_name(m)}"
            )
    if "maintainers" in good and not isinstance(good["maintainers"], list):
        problems.add((*where, "maintainers"), "expected a list of logins")
    packages: list[Package] = []
    raw_packages = good.get("packages", [])
    if not isinstance(raw_packages, list):
        problems.add((*where, "packages"), "expected a list of package tables")
        raw_packages = []
    for j, pkg in enumerate(raw_packages):
        pg = check_table(problems, pkg, PACKAGE_KEYS, (*where, "packages", j))
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
    news = check_table(problems, data.get("newsletter", {}), NEWSLETTER_KEYS, ("newsletter",))
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
    site = check_table(problems, data.get("site", {}), SITE_KEYS, ("site",))
    for key, value in site.items():
        setattr(config.site, key, value)
    policy = check_table(problems, data.get("policy", {}), POLICY_KEYS, ("policy",))
    if "bots" in policy:
        config.policy.bots = list(policy["bots"])
    if "learn" in policy:
        config.policy.learn = policy["learn"]
    if "title_style" in policy:
        style = policy["title_style"]
        config.policy.title_style = list(style) if isinstance(style, list) else style
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
    shared = check_table(problems, data.get("candidates", {}), CANDIDATES_KEYS, ("candidates",))
    if "rewrite_model" in shared:
        config.candidates.rewrite_model = shared["rewrite_model"].strip()
    if "rewrite_timeout" in shared:
        config.candidates.rewrite_timeout = float(shared["rewrite_timeout"])
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
        good = check_table(problems, entry, CANDIDATE_SECTION_KEYS, where)
        if not isinstance(entry, dict):
            continue
        if "id" not in entry:
            problems.add(where, "missing key 'id' (e.g. \"news\")")
        feeds: list[FeedConfig] = []
        for j, f in enumerate(good.get("feeds", [])):
            fw = (*where, "feeds", j)
            if isinstance(f, str):
                if (err := http_url(f)) is not None:
                    problems.add(fw, err)
                else:
                    feeds.append(FeedConfig(f))
                continue
            fg = check_table(problems, f, FEED_KEYS, fw)
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
