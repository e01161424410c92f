"""``thismonth init --archive``: thismonth.toml written from the published issues.

Every value that comes from the archive goes through tomlkit (a heading with quotes, a
description with a backslash stay what they were), texts that are templates get their
braces doubled, and each part carries a comment saying where it was learned, so the
editor reads the file as a record of their own newsletter rather than a guess.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from thismonth.app.scaffold import add_packages
from thismonth.archive.adopt import Adopted, AdoptedProject
from thismonth.archive.logins import LearnedLogins


def _text(value: str) -> Any:
    return tomlkit.string(value, multiline="\n" in value)


def archive_config(
    adopted: Adopted,
    *,
    output: str,
    github_url: str = "https://github.com",
    logins: LearnedLogins | None = None,
    clones: dict[str, dict[str, object]] | None = None,
    extra_projects: list[dict[str, object]] | None = None,
) -> str:
    """The TOML text. ``clones`` (repo -> what init read from its clone) adds branches and
    packages; ``extra_projects`` are clones the archive never wrote about."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment("thismonth configuration: every key is documented in docs/config.md"))
    doc.add(
        tomlkit.comment(
            f"Learned by `thismonth init --archive` from the issues up to {adopted.month}:"
        )
    )
    doc.add(tomlkit.comment("texts, sections and projects as the editors last published them."))
    doc.add(tomlkit.nl())
    news = tomlkit.table()
    news["name"] = adopted.name
    news["organization"] = adopted.organization
    news["title"] = adopted.title
    news["editors"] = adopted.editors
    news["editors_key"] = adopted.editors_key
    news["timezone"] = "UTC"
    news["output"] = output
    news["front_matter"] = adopted.front_matter
    news["heading_style"] = adopted.heading_style
    news["learned_until"] = str(adopted.month)
    news["learned_until"].comment(
        "descriptions and maintainers below are as published up to then; later issues win"
    )
    news["intro"] = _text(adopted.intro)
    for key in (
        "projects_heading",
        "projects_intro",
        "call_for_participation",
        "other_projects",
        "join_us",
    ):
        if adopted.texts.get(key):
            news[key] = _text(adopted.texts[key])
    sections = tomlkit.aot()
    for s in adopted.sections:
        t = tomlkit.table()
        t["heading"] = s.heading
        t["kind"] = s.kind
        if s.intro:
            t["intro"] = _text(s.intro)
        if s.template:
            t["template"] = _text(s.template)
        if s.commented:
            t["commented"] = True
        sections.append(t)
    news.add(tomlkit.nl())
    news.add(tomlkit.comment(f"The sections of {adopted.month}, in order; kinds: projects,"))
    news.add(tomlkit.comment("call-for-participation, other-projects, text (filled in by hand),"))
    news.add(tomlkit.comment("closing. `template` is the HTML comment left for contributors."))
    news["sections"] = sections
    doc["newsletter"] = news
    policy = tomlkit.table()
    policy.add(tomlkit.comment("Drafts learn the editors' latest habits from the archive (which"))
    policy.add(
        tomlkit.comment("PRs are commented out, maintainers, descriptions); rules here win.")
    )
    policy.add(tomlkit.comment("`thismonth policy explain MONTH` shows what was learned and why."))
    policy["learn"] = True
    policy["rules"] = tomlkit.aot()
    if logins is not None:
        table = tomlkit.table()
        for name, login in logins.logins.items():
            table[name] = login
            evidence = logins.evidence.get(name, [])
            table[name].comment(f"thanked for their PRs in {', '.join(evidence[:3])}")
        policy.add(tomlkit.nl())
        policy.add(tomlkit.comment("Git names of thanked contributors -> their GitHub logins"))
        policy.add(
            tomlkit.comment("(matched between thanks lines and the git authors of the PRs).")
        )
        policy["logins"] = table
    doc["policy"] = policy
    aot = tomlkit.aot()
    for project in adopted.projects:
        aot.append(_project_table(project, github_url, (clones or {}).get(project.repo)))
    for extra in extra_projects or []:
        t = _clone_table(extra)
        t.comment("no section in the archive: remove it if the newsletter leaves it out")
        aot.append(t)
    doc["projects"] = aot
    return tomlkit.dumps(doc)


def _project_table(
    project: AdoptedProject, github_url: str, clone: dict[str, object] | None
) -> Table:
    t = tomlkit.table()
    t.comment(f"last section: {project.last_seen}")
    t["repo"] = project.repo
    t["name"] = project.name
    if clone and clone.get("clone"):
        t["clone"] = clone["clone"]
    if project.url and project.url.rstrip("/") != f"{github_url}/{project.repo}":
        t["url"] = project.url
    if project.description:
        t["description"] = _text(project.description)
    maintainers = tomlkit.array()
    for m in project.maintainers:
        if m.url.rstrip("/") == f"{github_url}/{m.login}":
            maintainers.append(m.login)
        else:
            inline = tomlkit.inline_table()
            inline.update({"login": m.login, "url": m.url})
            maintainers.append(inline)
    if project.maintainers:
        t["maintainers"] = maintainers
    if clone and clone.get("default_branch"):
        t["default_branch"] = clone["default_branch"]
    branches = list(project.dev_branches)
    for b in clone.get("dev_branches", []) if clone else []:  # type: ignore[union-attr]
        if b not in branches:
            branches.append(b)
    if branches:
        t["dev_branches"] = branches
    add_packages(t, clone)
    return t


def _clone_table(project: dict[str, object]) -> Table:
    t = tomlkit.table()
    for key, value in project.items():
        if key != "packages":
            t[key] = value
    add_packages(t, project)
    return t


def output_pattern(archive: Path, latest: Path, config_dir: Path) -> str:
    """``newsletter.output`` that writes new issues beside the archived ones."""
    layout = "{month}/index.md" if latest.name == "index.md" else "{month}.md"
    folder = Path(os.path.relpath(archive.resolve(), config_dir.resolve()))
    # The pattern is a template: braces in the folder's name are literal.
    return folder.as_posix().replace("{", "{{").replace("}", "}}") + "/" + layout
