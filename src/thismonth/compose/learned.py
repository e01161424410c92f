"""Habits learned from the archive at draft time, for what the config does not state.

The published issues before month M are labelled data: each listed line is a PR the
editors showed, each ``<!-- - [..](..) -->`` one they looked at and left out, and each PR
of that month's activity that no line names one they left out altogether. From the last
``WINDOW`` issues this module learns, recency-weighted (an issue ``k`` issues back weighs
``DECAY ** k``) so that drift is followed:

* which PRs to comment out or list, on general features only (conventional-commit type
  and scope, first title word, bot authorship, target branch, and whole projects), never
  on particular PRs, titles or people. A rule is learned when it has real support
  (``MIN_ITEMS`` PRs in ``MIN_ISSUES`` issues), the editors agree (weighted share at least
  ``MIN_SHARE``), and it changes what the config's own and built-in rules would decide;
* maintainers and descriptions as last published;
* whether a project's maintainers are thanked, and whether "published as" notes are
  still written;
* git names -> logins from the thanks lines (archive/logins.py).

Learned rules rank below the config's own (project and ``[policy]`` rules) and above the
built-in defaults; a stated key is never overridden. Only issues of months before M are
read (``read_archive(before=M)``), so adding later issues cannot change a draft.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from thismonth.archive.logins import learn_logins
from thismonth.archive.records import ArchivedIssue, LinkedPerson
from thismonth.compose.learned_rules import (
    MIN_ISSUES,
    MIN_ITEMS,
    MIN_SHARE,
    WINDOW,
    LearnedRule,
    LearnedValue,
    examples,
    learn_groups,
    learn_rules,
    weighted_share,
)
from thismonth.compose.learned_titles import learn_titles
from thismonth.compose.policy import is_bot
from thismonth.config import Config, Maintainer, ProjectConfig
from thismonth.forge import repo_url
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month

__all__ = ["LOGIN_WINDOW", "Learned", "LearnedRule", "LearnedValue", "apply", "learn"]
LOGIN_WINDOW = 12  # people come back less often than habits change: a year of thanks lines

History = Callable[[Month], dict[str, RepoActivity]]


@dataclass
class Learned:
    month: Month
    issues: list[Month]  # the issues read, oldest first
    rules: list[LearnedRule] = field(default_factory=list)
    values: list[LearnedValue] = field(default_factory=list)
    below_threshold: list[str] = field(default_factory=list)
    maintainers: dict[str, list[LinkedPerson]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    thank_maintainers: dict[str, bool] = field(default_factory=dict)
    published_as: bool | None = None
    logins: dict[str, str] = field(default_factory=dict)
    not_thanked: dict[str, list[str]] = field(default_factory=dict)
    group_order: dict[str, list[str]] = field(default_factory=dict)
    title_style: set[str] = field(default_factory=set)  # [policy] title_style habit names


# ---------------------------------------------------------------- learning


def learn(
    config: Config,
    month: Month,
    issues: list[ArchivedIssue],
    history: History | None = None,
) -> Learned:
    """What the issues before ``month`` teach (``issues`` oldest first, all before it)."""
    issues = [i for i in issues if i.month < month]  # never peek, whoever calls
    window = issues[-WINDOW:]
    learned = Learned(month=month, issues=[i.month for i in window])
    projects = {p.repo: p for p in config.projects}
    people = issues[-LOGIN_WINDOW:]
    activities = {i.month: (history(i.month) if history else {}) for i in people}
    _learn_values(config, projects, issues, learned)
    logins = _learn_logins(config, people, activities, learned)
    found = examples(config, projects, window, activities)
    learned.rules, below = learn_rules(found, len(window))
    learned.below_threshold[:0] = below  # the logins' conflicts stay after them
    groups = learn_groups(projects, window, found)
    learned.rules += groups.rules
    learned.group_order = groups.order
    learned.values += groups.values
    _learn_thanks(config, projects, window, activities, logins, learned)
    _learn_unthanked(config, projects, people, activities, logins, learned)
    _learn_published_as(config, window, activities, learned)
    if config.policy.title_style == "learn":
        titles = learn_titles(window, activities, set(projects))
        learned.title_style = titles.habits
        learned.values += titles.values
        learned.below_threshold += titles.below
    return learned


def _learn_values(
    config: Config,
    projects: dict[str, ProjectConfig],
    issues: list[ArchivedIssue],
    learned: Learned,
) -> None:
    since: dict[tuple[str, str], Month] = {}
    for issue in issues:  # oldest first: the latest published wins
        for section in issue.projects:
            repo = section.repo
            if repo not in projects:
                continue
            if section.maintainers:
                learned.maintainers[repo] = section.maintainers
                _set_value(learned, "maintainers", repo, issue.month, section.maintainers)
                since[(repo, "maintainers")] = issue.month
            if section.description:
                learned.descriptions[repo] = section.description
                _set_value(learned, "description", repo, issue.month, section.description)
                since[(repo, "description")] = issue.month
    # Stated keys win, unless init --archive wrote them and a later issue changed them.
    until = (
        Month.parse(config.newsletter.learned_until) if config.newsletter.learned_until else None
    )
    for repo, project in projects.items():
        for key in ("maintainers", "description"):
            newer = until is not None and (repo, key) in since and since[(repo, key)] > until
            if key in project.stated and not newer:
                learned.values = [
                    v for v in learned.values if not (v.what == key and v.repo == repo)
                ]
                (learned.maintainers if key == "maintainers" else learned.descriptions).pop(
                    repo, None
                )


def _set_value(
    learned: Learned, what: str, repo: str, month: Month, value: list[LinkedPerson] | str
) -> None:
    if isinstance(value, list):
        shown = ", ".join(f"@{p.login}" for p in value)
        override = f"maintainers = [{', '.join(repr(p.login) for p in value)}]"
    else:
        shown = value if len(value) < 70 else value[:67] + "..."
        override = 'description = "..."'
    learned.values = [v for v in learned.values if not (v.what == what and v.repo == repo)]
    learned.values.append(
        LearnedValue(
            what,
            repo,
            shown,
            f"as published in {month}",
            f"{override}  # under the [[projects]] of {repo}",
        )
    )


def _learn_logins(
    config: Config,
    window: list[ArchivedIssue],
    activities: dict[Month, dict[str, RepoActivity]],
    learned: Learned,
) -> dict[str, str]:
    def pulls(repo: str, month: Month) -> list[PullRequest]:
        act = activities.get(month, {}).get(repo)
        return act.pulls if act else []

    found = learn_logins(window, pulls, known=lambda p: is_bot(p, config.policy.bots))
    for name, login in found.logins.items():
        if name.lower() in config.policy.logins:
            continue
        learned.logins[name] = login
        seen = found.evidence.get(name, [])
        more = f" and {len(seen) - 3} more" if len(seen) > 3 else ""
        learned.values.append(
            LearnedValue(
                "login",
                None,
                f"{name} = @{login}",
                f"thanked for their PRs in {'; '.join(seen[:3])}{more}",
                f'"{name}" = "OTHER"  # under [policy.logins]',
            )
        )
    for conflict in found.conflicts:  # reported, never guessed
        name = conflict.split(":", 1)[0]
        if name.lower() not in config.policy.logins:
            learned.below_threshold.append(
                f"login of {conflict}; not learned, state it under [policy.logins]"
            )
    return {**{k.lower(): v for k, v in learned.logins.items()}, **config.policy.logins}


def _author(person: Person, logins: dict[str, str]) -> str:
    """Who wrote a PR, in the order of evidence of ``compose.thanks.known_login``."""
    if person.login and person.verified and not person.inferred:
        return person.login.lower()
    return logins.get(person.name.lower(), person.login or person.name).lower()


def _learn_thanks(
    config: Config,
    projects: dict[str, ProjectConfig],
    window: list[ArchivedIssue],
    activities: dict[Month, dict[str, RepoActivity]],
    logins: dict[str, str],
    learned: Learned,
) -> None:
    """Per project: when a maintainer wrote a listed PR, did the thanks line name them?"""
    seen: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for age, issue in enumerate(reversed(window)):
        for section in issue.projects:
            repo = str(section.repo)
            act = activities.get(issue.month, {}).get(repo)
            if repo not in projects or act is None or not section.maintainers:
                continue
            keepers = {m.login.lower() for m in section.maintainers}
            listed = {i.number for i in section.listed if i.kind == "pull"}
            authors = {_author(p.author, logins) for p in act.pulls if p.number in listed}
            wrote = authors & keepers
            if not wrote:
                continue
            thanked = {t.login.lower() for t in section.thanks}
            seen[repo].append((age, bool(wrote & thanked)))
    for repo, obs in seen.items():
        if "thank_maintainers" in projects[repo].stated or len(obs) < MIN_ISSUES:
            continue
        share = weighted_share(obs)
        yes = sum(1 for _, y in obs if y)
        verdict = share >= MIN_SHARE
        learned.thank_maintainers[repo] = verdict
        if verdict:
            learned.values.append(
                LearnedValue(
                    "thank maintainers",
                    repo,
                    "yes",
                    f"{yes} of the {len(obs)} issues where a maintainer wrote a listed PR thanked"
                    f" them (weighted {share:.0%})",
                    f"thank_maintainers = false  # under the [[projects]] of {repo}",
                )
            )


def _learn_unthanked(
    config: Config,
    projects: dict[str, ProjectConfig],
    issues: list[ArchivedIssue],
    activities: dict[Month, dict[str, RepoActivity]],
    logins: dict[str, str],
    learned: Learned,
) -> None:
    """Per project: authors of listed PRs whom no thanks line named, issue after issue.

    Before "Maintained by" lines existed (rust-osdev: 2022-02) this is the only trace of
    who the maintainers are; the editors thank contributors, not themselves."""
    wrote: dict[tuple[str, str], set[Month]] = defaultdict(set)
    thanked: dict[tuple[str, str], set[Month]] = defaultdict(set)
    shown: dict[str, str] = {}
    for issue in issues:
        for section in issue.projects:
            repo = str(section.repo)
            act = activities.get(issue.month, {}).get(repo)
            if repo not in projects or act is None:
                continue
            listed = {i.number for i in section.listed if i.kind == "pull"}
            names = {t.login.lower() for t in section.thanks}
            for pull in act.pulls:
                if pull.number not in listed or is_bot(pull.author, config.policy.bots):
                    continue
                if not (pull.author.login and pull.author.verified) and (
                    pull.author.name.lower() not in logins
                ):
                    continue  # a bare git name may be a thanked login we cannot tell
                key = _author(pull.author, logins)
                shown[key] = next(
                    (n for n in (pull.author.login, pull.author.name) if n and n.lower() == key),
                    logins.get(pull.author.name.lower(), key),
                )
                wrote[(repo, key)].add(issue.month)
                if key in names:
                    thanked[(repo, key)].add(issue.month)
    for (repo, key), months in sorted(wrote.items()):
        project = projects[repo]
        keepers = {m.login.lower() for m in project.maintainers} | {
            m.login.lower() for m in learned.maintainers.get(repo, [])
        }
        if "not_thanked" in project.stated or key in keepers:
            continue
        if len(months) < MIN_ISSUES - 1 or thanked[(repo, key)]:
            continue
        learned.not_thanked.setdefault(repo, []).append(shown[key])
        learned.values.append(
            LearnedValue(
                "not thanked",
                repo,
                shown[key],
                f"wrote listed PRs in {len(months)} of the last {len(issues)} issues, thanked"
                " in none (like a maintainer)",
                f"not_thanked = []  # under the [[projects]] of {repo}",
            )
        )
    _never_thanked(projects, issues, wrote, thanked, shown, learned)


def _never_thanked(
    projects: dict[str, ProjectConfig],
    issues: list[ArchivedIssue],
    wrote: dict[tuple[str, str], set[Month]],
    thanked: dict[tuple[str, str], set[Month]],
    shown: dict[str, str],
    learned: Learned,
) -> None:
    """Authors the editors thank in no project at all (the organization's owner, an
    editor), issue after issue: left out of every project's thanks line, also one they
    write for the first time. Needs listed PRs in ``MIN_ISSUES`` issues."""
    months: dict[str, set[Month]] = defaultdict(set)
    ever: set[str] = set()
    for (_, key), seen in wrote.items():
        months[key] |= seen
    for (_, key), seen in thanked.items():
        if seen:
            ever.add(key)
    for key, seen in sorted(months.items()):
        if len(seen) < MIN_ISSUES or key in ever:
            continue
        added = False
        for repo, project in projects.items():
            if "not_thanked" in project.stated or shown[key] in learned.not_thanked.get(repo, []):
                continue
            learned.not_thanked.setdefault(repo, []).append(shown[key])
            added = True
        if added:
            learned.values.append(
                LearnedValue(
                    "not thanked",
                    None,
                    shown[key],
                    f"wrote listed PRs in {len(seen)} of the last {len(issues)} issues, thanked"
                    " in no project",
                    f"not_thanked = []  # under the [[projects]] that should thank {shown[key]}",
                )
            )


def _learn_published_as(
    config: Config,
    window: list[ArchivedIssue],
    activities: dict[Month, dict[str, RepoActivity]],
    learned: Learned,
) -> None:
    """Notes are written only when a release came out, so count the chances: listed PRs
    that a release contained by the time the editors published. Turned off when the editors let most go."""
    if "newsletter.published_as" in config.stated:
        return
    chances: list[tuple[int, bool]] = []
    for age, issue in enumerate(reversed(window)):
        for section in issue.projects:
            act = activities.get(issue.month, {}).get(str(section.repo))
            if act is None:
                continue
            end = issue.month.publication_end(config.tz())
            released = {
                p.number
                for p in act.pulls
                if any(r.date is not None and r.date < end for r in p.released_in)
            }
            for item in section.listed:
                if item.kind == "pull" and item.number in released:
                    chances.append((age, bool(item.published_as)))
    issues = len({age for age, _ in chances})
    if len(chances) < MIN_ITEMS or issues < MIN_ISSUES:
        return
    share = weighted_share(chances)
    noted = sum(1 for _, n in chances if n)
    if share <= 1 - MIN_SHARE:
        learned.published_as = False
        learned.values.append(
            LearnedValue(
                "published-as notes",
                None,
                "not written",
                f"{noted} of the {len(chances)} listed PRs that shipped in a release by publication"
                f" had a note in the last {len(window)} issues (weighted {share:.0%})",
                "published_as = true  # under [newsletter]",
            )
        )


# ---------------------------------------------------------------- applying


def apply(config: Config, learned: Learned) -> Config:
    """A copy of ``config`` with the learned habits filled in where it states nothing."""
    projects = []
    for project in config.projects:
        p = replace(project)
        if project.repo in learned.maintainers:
            p.maintainers = [
                Maintainer(m.login, None if _plain(config, m) else m.url)
                for m in learned.maintainers[project.repo]
            ]
        if project.repo in learned.descriptions:
            p.description = learned.descriptions[project.repo]
        if project.repo in learned.not_thanked:
            p.not_thanked = list(learned.not_thanked[project.repo])
        if learned.thank_maintainers.get(project.repo):
            p.thank_maintainers = True
        if project.repo in learned.group_order:
            p.groups = list(learned.group_order[project.repo])
        projects.append(p)
    policy = replace(
        config.policy,
        logins={**{k.lower(): v for k, v in learned.logins.items()}, **config.policy.logins},
        learned_rules=[r.rule for r in learned.rules if r.repo is None],
        learned_project_rules={},
        learned_title_style=frozenset(learned.title_style),
    )
    for r in learned.rules:
        if r.repo is not None:
            policy.learned_project_rules.setdefault(r.repo, []).append(r.rule)
    newsletter = replace(config.newsletter)
    if learned.published_as is not None:
        newsletter.published_as = learned.published_as
    out = replace(config, projects=projects, policy=policy, newsletter=newsletter)
    return out


def _plain(config: Config, person: LinkedPerson) -> bool:
    return person.url.rstrip("/") == repo_url(config.newsletter.github_url, person.login)
