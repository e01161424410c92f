"""Build the document model of one issue from config and a month's activity.

This is the editor's manual work made data-driven: classify each PR and commit with the
policy rules, keep development-branch work apart, note releases, and write the thanks
line without maintainers and bots.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import timedelta

from thismonth.compose.document import (
    BranchSection,
    CfpItem,
    Entry,
    IssueDoc,
    PersonLink,
    ProjectSection,
    ReleaseNote,
)
from thismonth.compose.policy import Candidate, decide, is_bot
from thismonth.config import Config, ProjectConfig
from thismonth.draft.lines import normalize_url
from thismonth.models import Person, ReleaseRef, RepoActivity
from thismonth.months import Month

# Editors publish in the first days of the next month; a release made by then is one
# they could write "published as" about.
PUBLISHED_AS_GRACE = timedelta(days=10)


def build_issue(
    config: Config,
    month: Month,
    activities: dict[str, RepoActivity],
    *,
    exclude: frozenset[str] = frozenset(),
) -> IssueDoc:
    """The issue's document model; items whose normalized URL is in ``exclude`` (already
    in the previous issue, listed there late) are left out."""
    fields = template_fields(config, month)
    fields["title"] = config.title.format(**fields)
    projects = [
        _project(config, project, activities[project.repo], month, exclude)
        for project in config.projects
        if project.repo in activities
    ]
    warnings = [w for a in activities.values() for w in a.warnings]
    cfp = [
        CfpItem(repo=p.repo, name=p.name, number=i.number, title=i.title, url=i.url)
        for p in config.projects
        if p.repo in activities
        for i in activities[p.repo].issues
    ]
    return IssueDoc(
        newsletter=config.name,
        title=str(fields["title"]),
        month=str(month),
        month_label=month.label,
        editors=list(config.editors),
        front_matter=config.front_matter,
        intro=config.intro.format(**fields) if config.intro else "",
        projects_heading=config.projects_heading,
        projects_intro=config.projects_intro,
        projects=projects,
        call_for_participation=config.call_for_participation,
        cfp=cfp,
        other_projects=config.other_projects,
        join_us=config.join_us,
        github_url=config.github_url.rstrip("/"),
        warnings=warnings,
        editors_key=config.editors_key,
        layout=[asdict(s) for s in config.sections],
    )


def template_fields(config: Config, month: Month) -> dict[str, object]:
    return {
        "name": config.name,
        "month": str(month),
        "month_label": month.label,
        "month_name": month.name,
        "year": month.year,
        "mm": f"{month.month:02d}",
    }


def _project(
    config: Config,
    project: ProjectConfig,
    activity: RepoActivity,
    month: Month,
    exclude: frozenset[str],
) -> ProjectSection:
    tz = config.tz()
    rules = project.rules + config.rules_for(project)
    default = project.default_branch or activity.default_branch
    _, month_end = month.window(tz)
    # "published as" names the project's main package only: a workspace release of five
    # crates at once would otherwise repeat five versions on every line.
    primary = project.packages[0].name if project.packages else project.short
    entries: list[Entry] = []
    by_branch: dict[str, list[Entry]] = {}

    def place(entry: Entry) -> None:
        if entry.action == "skip" or normalize_url(entry.url) in exclude:
            return
        if entry.branch == default:
            entries.append(entry)
        else:
            by_branch.setdefault(entry.branch, []).append(entry)

    def entry(
        kind: str,
        key: str,
        title: str,
        url: str,
        author: Person,
        branch: str,
        labels: tuple[str, ...] = (),
        number: int | None = None,
        published: list[ReleaseRef] | None = None,
    ) -> Entry:
        """A PR or a commit, classified by the first rule that matches it."""
        author = known_login(config, author)
        bot = is_bot(author, config.bots)
        decision = decide(rules, Candidate(kind, title, author, branch, labels, bot))
        return Entry(
            key=key,
            kind=kind,
            title=title,
            url=url,
            author=author,
            action=decision.action,
            branch=branch,
            number=number,
            group=decision.group,
            published_as=published or [],
        )

    for pr in sorted(activity.pulls, key=lambda p: p.merged_at):
        published = [
            r
            for r in pr.released_in
            if config.published_as
            and r.package == primary
            and (r.date is None or r.date < month_end + PUBLISHED_AS_GRACE)
        ]
        place(
            entry(
                "pull",
                pr.key,
                pr.title,
                pr.url,
                pr.author,
                pr.base_branch,
                pr.labels,
                pr.number,
                published,
            )
        )
    for commit in sorted(activity.commits, key=lambda c: c.committed_at):
        place(entry("commit", commit.key, commit.title, commit.url, commit.author, commit.branch))
    dev_order = {b: i for i, b in enumerate(project.dev_branches)}
    branches = [
        BranchSection(name, items)
        for name, items in sorted(
            by_branch.items(), key=lambda kv: (dev_order.get(kv[0], len(dev_order)), kv[0])
        )
    ]
    section = ProjectSection(
        key=project.repo,
        name=project.name,
        url=project.url,
        maintainers=[
            PersonLink(m.login, m.url or f"{config.github_url.rstrip('/')}/{m.login}")
            for m in project.maintainers
        ],
        description=project.description,
        entries=entries,
        branches=branches,
        releases=[
            ReleaseNote(r.package, r.version, r.previous, r.tag, r.url)
            for r in sorted(activity.releases, key=lambda r: r.date)
        ],
        groups=list(project.groups),
        heading_style=config.heading_style,
    )
    section.thanks = thanks(config, project, section)
    return section


def known_login(config: Config, person: Person) -> Person:
    """A git author known only by name gets the login the editors recorded in
    ``[policy.logins]``, once and for every later issue (like git's .mailmap)."""
    if person.login and person.verified:
        return person
    login = config.logins.get(person.name.lower()) or (
        config.logins.get(person.login.lower()) if person.login else None
    )
    return replace(person, login=login, verified=True) if login else person


def thanks(config: Config, project: ProjectConfig, section: ProjectSection) -> list[PersonLink]:
    """Authors of listed work, first appearance first; maintainers and bots left out."""
    # Some projects' editors thank maintainers too (``thank_maintainers``).
    keepers = [] if project.thank_maintainers else project.maintainers
    maintainers = {m.login.lower() for m in keepers}
    # Git often knows only a name ("Isaac Woods"); it is a maintainer's if it folds to the login.
    folded = {_fold(m.login) for m in keepers}
    unthanked = {n.lower() for n in project.not_thanked}
    seen: set[str] = set()
    out: list[PersonLink] = []
    for entry in section.all_entries:
        person: Person = entry.author
        if entry.action != "list" or is_bot(person, config.bots):
            continue
        if person.key in maintainers or person.key in seen:
            continue
        if person.key in unthanked or person.name.lower() in unthanked:
            continue
        if not person.verified and _fold(person.name) in folded:
            continue
        seen.add(person.key)
        if person.login and person.verified:
            out.append(PersonLink(person.login, f"{config.github_url.rstrip('/')}/{person.login}"))
        else:
            out.append(PersonLink(person.name, None))
    return out


def _fold(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())
