"""What an archive says a config should hold: the newsletter as its editors publish it.

Pure data in, data out: ``scaffold_archive`` writes it as TOML, ``compose/learned`` reads
the per-project parts at draft time. "As last published" everywhere: the latest issue
decides the order of projects and sections, the texts, the front matter; a project the
latest issue did not cover keeps what its own latest section said.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from thismonth.archive.records import ArchivedIssue, ArchivedProject, ArchivedSection, LinkedPerson
from thismonth.months import Month

# A development branch the editors listed work under in the last two years is still one.
DEV_BRANCH_MONTHS = 24
_MAIN_BRANCHES = ("main", "master")


def _months_between(a: Month, b: Month) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


@dataclass
class AdoptedProject:
    repo: str
    name: str
    style: str
    url: str | None
    description: str
    maintainers: list[LinkedPerson]
    dev_branches: list[str]
    last_seen: Month  # the latest issue with a section for it
    maintainers_seen: Month | None = None  # the latest issue with a "Maintained by" line


@dataclass
class AdoptedSection:
    heading: str
    kind: str  # see config.SECTION_KINDS
    intro: str
    template: str
    commented: bool


@dataclass
class Adopted:
    month: Month  # the latest issue
    name: str
    organization: str
    title: str  # a template: {month_label}
    editors: list[str]
    editors_key: str
    front_matter: str
    intro: str  # a template
    heading_style: str
    sections: list[AdoptedSection]
    projects: list[AdoptedProject]
    texts: dict[str, str] = field(default_factory=dict)  # projects_heading, join_us, ...


def organization_of(issues: list[ArchivedIssue]) -> str:
    """The owner most project sections (not outside authors' ones) belong to."""
    owners: Counter[str] = Counter()
    for issue in issues:
        for project in issue.projects:
            if project.repo and not project.written_by:
                owners[project.repo.split("/", 1)[0]] += 1
    return owners.most_common(1)[0][0] if owners else ""


def section_kind(section: ArchivedSection, org: str, is_last: bool) -> str:
    heading = section.heading.lower()
    if any(_is_org_project(p, org) for p in section.projects):
        return "projects"
    if "call for participation" in heading:
        return "call-for-participation"
    if any(p.written_by for p in section.projects) or re.search(
        r"\b(other|personal) projects\b", heading
    ):
        return "other-projects"
    return "closing" if is_last else "text"


def _is_org_project(project: ArchivedProject, org: str) -> bool:
    return bool(project.repo and project.repo.split("/", 1)[0] == org and not project.written_by)


def as_template(text: str, month: Month) -> str:
    """A published text as a config template: braces doubled, the month a placeholder."""
    text = text.replace("{", "{{").replace("}", "}}")
    return text.replace(month.label, "{month_label}")


def org_projects(issues: list[ArchivedIssue], org: str) -> list[AdoptedProject]:
    """Every organization project, in the order of the latest issue, then by latest section."""
    found: dict[str, AdoptedProject] = {}
    order: dict[str, tuple[int, int]] = {}
    for n, issue in enumerate(issues):
        for position, project in enumerate(p for p in issue.projects if _is_org_project(p, org)):
            repo = str(project.repo)
            old = found.get(repo)
            if old is not None and old.last_seen == issue.month:
                continue  # a second section of one repo ("multiboot2-header"): the first names it
            branches = list(old.dev_branches) if old else []
            if _months_between(issue.month, issues[-1].month) < DEV_BRANCH_MONTHS:
                # Branches items were listed under; "no changes to the `master` branch"
                # names a branch too, but lists nothing under it.
                for item in project.items:
                    if item.branch and item.branch not in branches + list(_MAIN_BRANCHES):
                        branches.append(item.branch)
            adopted = AdoptedProject(
                repo=repo,
                name=project.name,
                style=project.style,
                url=project.url,
                description=project.description or (old.description if old else ""),
                maintainers=project.maintainers or (old.maintainers if old else []),
                dev_branches=branches,
                last_seen=issue.month,
                maintainers_seen=issue.month
                if project.maintainers
                else (old.maintainers_seen if old else None),
            )
            found[repo] = adopted
            order[repo] = (-n, position)
    return sorted(found.values(), key=lambda p: order[p.repo])


def adopt(issues: list[ArchivedIssue]) -> Adopted:
    """The config an archive implies (``issues`` oldest first, at least one)."""
    latest = issues[-1]
    org = organization_of(issues)
    live = [s for s in latest.sections if not s.commented_out]
    sections = [
        AdoptedSection(
            heading=s.heading,
            kind="text" if s.commented_out else section_kind(s, org, bool(live) and s is live[-1]),
            intro=s.intro if not s.commented_out else _commented_intro(s),
            template=s.comments[0] if s.comments else "",
            commented=s.commented_out,
        )
        for s in latest.sections
    ]
    texts: dict[str, str] = {}
    for s in sections:
        key = {
            "projects": "projects_intro",
            "call-for-participation": "call_for_participation",
            "other-projects": "other_projects",
            "closing": "join_us",
        }.get(s.kind)
        if key and not s.commented and key not in texts:
            texts[key] = s.intro
            if s.kind == "projects":
                texts["projects_heading"] = s.heading
    closing = next((s for s in latest.sections if s is (live[-1] if live else None)), None)
    if closing is not None:
        texts["join_us"] = closing.text
    title = as_template(latest.title, latest.month)
    m = re.match(r"This Month in (.+?)(?::|\s*\(|\s*-\s|$)", latest.title)
    name = m.group(1).strip() if m else org
    projects = org_projects(issues, org)
    styles = Counter(p.style for p in latest.projects if _is_org_project(p, org))
    return Adopted(
        month=latest.month,
        name=name,
        organization=org,
        title=title,
        editors=latest.editors,
        editors_key=latest.editors_key or "editors",
        front_matter="zola" if latest.flavor == "zola" else "hugo",
        intro=as_template(latest.intro, latest.month),
        heading_style=styles.most_common(1)[0][0] if styles else "code-link",
        sections=sections,
        projects=projects,
        texts=texts,
    )


def _commented_intro(section: ArchivedSection) -> str:
    """The text of a commented-out section below its heading line."""
    lines = section.text.splitlines()
    return "\n".join(lines[1:]).strip() if lines else ""
