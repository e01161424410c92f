"""Build the document model of one issue from config and a month's activity.

This is the editor's manual work made data-driven: classify each PR and commit with the
policy rules, keep development-branch work apart, note releases, and write the thanks
line without maintainers and bots.
"""

from __future__ import annotations

from dataclasses import asdict

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
from thismonth.compose.thanks import known_login, thanks
from thismonth.compose.title_style import style_for, style_title
from thismonth.config import Config, ProjectConfig, template_fields
from thismonth.forge import repo_url
from thismonth.markdown.lines import normalize_url
from thismonth.models import Person, ReleaseRef, RepoActivity
from thismonth.months import Month


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
    fields["title"] = config.newsletter.title.format(**fields)
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
        newsletter=config.newsletter.name,
        title=str(fields["title"]),
        month=str(month),
        month_label=month.label,
        editors=list(config.newsletter.editors),
        front_matter=config.newsletter.front_matter,
        intro=config.newsletter.intro.format(**fields) if config.newsletter.intro else "",
        projects_heading=config.newsletter.projects_heading,
        projects_intro=config.newsletter.projects_intro,
        projects=projects,
        call_for_participation=config.newsletter.call_for_participation,
        cfp=cfp,
        other_projects=config.newsletter.other_projects,
        join_us=config.newsletter.join_us,
        github_url=config.newsletter.github_url.rstrip("/"),
        warnings=warnings,
        editors_key=config.newsletter.editors_key,
        layout=[asdict(s) for s in config.newsletter.sections],
    )


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
    published_by = month.publication_end(tz)
    # "published as" names the project's main package only: a workspace release of five
    # crates at once would otherwise repeat five versions on every line.
    primary = project.packages[0].name if project.packages else project.short
    style = style_for(config.policy)  # rules match the title as given; the line shows it styled
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
        bot = is_bot(author, config.policy.bots)
        decision = decide(rules, Candidate(kind, title, author, branch, labels, bot))
        return Entry(
            key=key,
            kind=kind,
            title=style_title(title, style, project.repo),
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
            if config.newsletter.published_as
            and r.package == primary
            and (r.date is None or r.date < published_by)
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
            PersonLink(m.login, m.url or repo_url(config.newsletter.github_url, m.login))
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
        heading_style=config.newsletter.heading_style,
    )
    section.thanks = thanks(config, project, section)
    return section
