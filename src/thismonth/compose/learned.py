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

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from thismonth.archive.logins import learn_logins
from thismonth.archive.records import ArchivedIssue, LinkedPerson
from thismonth.compose.build import PUBLISHED_AS_GRACE
from thismonth.compose.policy import Candidate, decide, is_bot
from thismonth.config import Config, Maintainer, ProjectConfig, Rule
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month

WINDOW = 6  # the last six issues: about half a year of the editors' habits
LOGIN_WINDOW = 12  # people come back less often than habits change: a year of thanks lines
DECAY = 0.75  # weight of an issue one step further back
MIN_ITEMS = 5  # a rule needs this many PRs with the feature...
MIN_ISSUES = 3  # ...in at least this many issues...
MIN_SHARE = 0.8  # ...and this weighted share of them handled the same way
GROUP_MIN_ITEMS = 8  # a list this long is "long": was it grouped under ``####`` headings?

History = Callable[[Month], dict[str, RepoActivity]]

_CONVENTIONAL = re.compile(r"^([A-Za-z][\w-]*)(?:\(([^)]*)\))?!?:\s")
_WORD = re.compile(r"^\W*([A-Za-z][\w-]*)")
_PAST = {"comment": "commented out or left out", "list": "listed"}


@dataclass
class Feature:
    key: str  # "type:ci", "type:chore(deps)", "word:bump", "bot", "branch:next", "project"
    label: str  # for people: "`ci:` PRs"
    rule: Rule  # the rule (without its action) that matches it
    rank: int  # most specific first


@dataclass
class LearnedRule:
    feature: Feature
    action: str  # comment | list
    repo: str | None  # a project's habit, or None for every project
    hits: int
    total: int
    issues: int  # issues the feature appeared in
    window: int  # issues read
    share: float  # recency-weighted
    group: str | None = None  # a ``####`` group the feature's PRs were listed under

    @property
    def rule(self) -> Rule:
        return replace(self.feature.rule, action=self.action, group=self.group)

    def sentence(self) -> str:
        where = f" of {self.repo}" if self.repo else ""
        if self.group is not None:
            return (
                f"list {self.feature.label}{where} under '#### {self.group}': {self.hits} of the"
                f" {self.total} in grouped lists of the last {self.window} issues sat under it"
                f" (weighted {self.share:.0%}, in {self.issues} issues)"
            )
        verb = "comment out" if self.action == "comment" else "list"
        return (
            f"{verb} {self.feature.label}{where}: {self.hits} of the {self.total} in the last "
            f"{self.window} issues were {_PAST[self.action]}"
            f" (weighted {self.share:.0%}, in {self.issues} issues)"
        )

    def override(self) -> str:
        """One line of config that states the opposite (and so wins over this habit)."""
        # The opposite action; for a group, the same action without the group.
        other = "list" if self.action == "comment" or self.group else "comment"
        cond = _toml_conditions(self.feature.rule)
        table = "[[projects.rules]]" if self.repo else "[[policy.rules]]"
        suffix = f"  # under the [[projects]] of {self.repo}" if self.repo else ""
        return f'{table} {cond} action = "{other}"{suffix}'.replace("  ", " ", 1)


@dataclass
class LearnedValue:
    """A learned setting: what, for which project, the evidence, and how to override it."""

    what: str
    repo: str | None
    value: str
    evidence: str
    override: str


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


@dataclass
class _Example:
    repo: str
    title: str
    bot: bool | None
    branch: str | None
    default_branch: str | None
    label: str  # list | comment (commented out or left out)
    age: int  # 0 = the latest issue
    month: Month
    baseline: str  # what the rules without learning decide
    group: str | None = None  # the ``####`` a listed line sat under


# ---------------------------------------------------------------- features


def features(
    ex_title: str, bot: bool | None, branch: str | None, default: str | None
) -> list[Feature]:
    out: list[Feature] = []
    m = _CONVENTIONAL.match(ex_title)
    if m:
        kind = m.group(1).lower()
        if m.group(2) is not None:
            scope = m.group(2)
            out.append(
                Feature(
                    f"type:{kind}({scope.lower()})",
                    f"`{kind}({scope}):` PRs",
                    Rule(title=re.compile(rf"(?i)^{re.escape(kind)}\({re.escape(scope)}\)!?:")),
                    0,
                )
            )
        out.append(
            Feature(
                f"type:{kind}",
                f"`{kind}:` PRs",
                Rule(title=re.compile(rf"(?i)^{re.escape(kind)}(\([^)]*\))?!?:")),
                1,
            )
        )
    else:
        w = _WORD.match(ex_title)
        if w:
            word = w.group(1).lower()
            out.append(
                Feature(
                    f"word:{word}",
                    f"PRs titled '{word} ...'",
                    Rule(title=re.compile(rf"(?i)^\W*{re.escape(word)}\b")),
                    2,
                )
            )
    if bot:
        out.append(Feature("bot", "PRs by bots", Rule(bot=True), 3))
    if branch and default and branch != default:
        out.append(Feature(f"branch:{branch}", f"PRs into `{branch}`", Rule(branch=(branch,)), 4))
    out.append(Feature("project", "all PRs", Rule(), 5))
    return out


def _toml_conditions(rule: Rule) -> str:
    parts = []
    if rule.title is not None:
        parts.append(f"title = '{rule.title.pattern}'")
    if rule.bot is not None:
        parts.append(f"bot = {'true' if rule.bot else 'false'}")
    if rule.branch:
        parts.append(f'branch = "{rule.branch[0]}"')
    return " ".join(parts)


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
    examples = _examples(config, projects, window, activities, logins)
    _learn_rules(examples, len(window), learned)
    _learn_groups(projects, window, examples, learned)
    _learn_thanks(config, projects, window, activities, logins, learned)
    _learn_unthanked(config, projects, people, activities, logins, learned)
    _learn_published_as(config, window, activities, learned)
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
    until = Month.parse(config.learned_until) if config.learned_until else None
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

    found = learn_logins(window, pulls, known=lambda p: is_bot(p, config.bots))
    for name, login in found.logins.items():
        if name.lower() in config.logins:
            continue
        learned.logins[name] = login
        learned.values.append(
            LearnedValue(
                "login",
                None,
                f"{name} = @{login}",
                f"thanked for their PRs in {', '.join(found.evidence.get(name, [])[:3])}",
                f'"{name}" = "OTHER"  # under [policy.logins]',
            )
        )
    return {**{k.lower(): v for k, v in learned.logins.items()}, **config.logins}


def _author(person: Person, logins: dict[str, str]) -> str:
    if person.login and person.verified:
        return person.login.lower()
    return logins.get(person.name.lower(), person.name).lower()


def _examples(
    config: Config,
    projects: dict[str, ProjectConfig],
    window: list[ArchivedIssue],
    activities: dict[Month, dict[str, RepoActivity]],
    logins: dict[str, str],
) -> list[_Example]:
    out: list[_Example] = []
    for age, issue in enumerate(reversed(window)):
        acts = activities.get(issue.month, {})
        seen: dict[str, set[int]] = defaultdict(set)
        for section in issue.projects:
            repo = str(section.repo)
            if repo not in projects:
                continue
            act = acts.get(repo)
            by_number = {p.number: p for p in act.pulls} if act else {}
            default = projects[repo].default_branch or (act.default_branch if act else None)
            for item in section.items:
                if item.kind != "pull" or item.repo != repo or item.number is None:
                    continue
                seen[repo].add(item.number)
                pull = by_number.get(item.number)
                example = _example(
                    config,
                    projects[repo],
                    item.title,
                    pull.author if pull else None,
                    pull.base_branch if pull else item.branch,
                    default,
                    "comment" if item.commented else "list",
                    age,
                    issue.month,
                )
                example.group = item.group if not item.commented else None
                out.append(example)
        # PRs of the month that no line names: left out, which a draft shows as a comment.
        for repo, act in acts.items():
            if repo not in projects:
                continue
            default = projects[repo].default_branch or act.default_branch
            for pull in act.pulls:
                if pull.number not in seen[repo]:
                    out.append(
                        _example(
                            config,
                            projects[repo],
                            pull.title,
                            pull.author,
                            pull.base_branch,
                            default,
                            "comment",
                            age,
                            issue.month,
                        )
                    )
    return out


def _example(
    config: Config,
    project: ProjectConfig,
    title: str,
    author: Person | None,
    branch: str | None,
    default: str | None,
    label: str,
    age: int,
    month: Month,
) -> _Example:
    bot = is_bot(author, config.bots) if author else None
    candidate = Candidate(
        "pull",
        title,
        author or Person(name=""),
        branch or default or "",
        (),
        bool(bot),
    )
    baseline = decide(project.rules + config.rules_for(project), candidate).action
    return _Example(
        project.repo,
        title,
        bot,
        branch,
        default,
        label,
        age,
        month,
        "comment" if baseline == "skip" else baseline,
    )


def _learn_rules(examples: list[_Example], window: int, learned: Learned) -> None:
    groups: dict[tuple[str, str | None], list[tuple[_Example, Feature]]] = defaultdict(list)
    for ex in examples:
        for feature in features(ex.title, ex.bot, ex.branch, ex.default_branch):
            if feature.key == "project":
                groups[(feature.key, ex.repo)].append((ex, feature))
            else:
                groups[(feature.key, None)].append((ex, feature))
                groups[(feature.key, ex.repo)].append((ex, feature))
    candidates: list[LearnedRule] = []
    for (_key, repo), members in groups.items():
        feature = members[0][1]
        total = len(members)
        issues = len({ex.month for ex, _ in members})
        weight = sum(DECAY**ex.age for ex, _ in members)
        for action in ("comment", "list"):
            hits = sum(1 for ex, _ in members if ex.label == action)
            share = sum(DECAY**ex.age for ex, _ in members if ex.label == action) / weight
            changes = sum(1 for ex, _ in members if ex.baseline != action)
            if share < MIN_SHARE or changes * 2 < total:
                continue  # the editors disagree, or the rules already do this
            rule = LearnedRule(feature, action, repo, hits, total, issues, window, share)
            # A whole project's treatment is one decision per issue: two issues agreeing
            # on five PRs or more is support enough; other features need three.
            need = MIN_ISSUES - 1 if feature.key == "project" else MIN_ISSUES
            if total < MIN_ITEMS or issues < need:
                if total >= 2 and repo is None:  # single PRs are no habit worth listing
                    learned.below_threshold.append(
                        f"not learned (too little support): {rule.sentence()}"
                    )
                continue
            candidates.append(rule)
    # One rule per feature: the organization-wide one when it holds, else per project.
    chosen: list[LearnedRule] = []
    global_keys = {(r.feature.key, r.action) for r in candidates if r.repo is None}
    for rule in candidates:
        if rule.repo is not None and (rule.feature.key, rule.action) in global_keys:
            continue
        chosen.append(rule)
    chosen.sort(key=lambda r: (r.feature.rank, r.repo is None, r.feature.key, r.repo or ""))
    learned.rules = chosen


def _learn_groups(
    projects: dict[str, ProjectConfig],
    window: list[ArchivedIssue],
    examples: list[_Example],
    learned: Learned,
) -> None:
    """Per project: were its long lists grouped lately, and which PRs went under which
    heading? Only for PRs the rules list anyway: a group never changes list or comment."""
    for repo, project in projects.items():
        if "groups" in project.stated:
            continue
        long_lists: list[tuple[int, list[str]]] = []
        for age, issue in enumerate(reversed(window)):
            for section in issue.projects:
                if section.repo == repo and len(section.listed) >= GROUP_MIN_ITEMS:
                    used = [g for g in section.groups if any(i.group == g for i in section.listed)]
                    long_lists.append((age, used))
        if len(long_lists) < MIN_ISSUES - 1 or not long_lists[0][1]:
            continue  # too few long lists, or the latest one was not grouped
        weight = sum(DECAY**age for age, _ in long_lists)
        if sum(DECAY**age for age, used in long_lists if used) / weight < 0.5:
            continue
        learned.group_order[repo] = long_lists[0][1]
        learned.values.append(
            LearnedValue(
                "groups",
                repo,
                ", ".join(long_lists[0][1]),
                f"{sum(1 for _, u in long_lists if u)} of the {len(long_lists)} lists of"
                f" {GROUP_MIN_ITEMS}+ PRs in the last {len(window)} issues were grouped",
                f"groups = []  # under the [[projects]] of {repo}",
            )
        )
        grouped = [
            ex
            for ex in examples
            if ex.repo == repo and ex.label == "list" and ex.group and ex.baseline == "list"
        ]
        by_feature: dict[str, list[tuple[_Example, Feature]]] = defaultdict(list)
        for ex in grouped:
            for feature in features(ex.title, ex.bot, ex.branch, ex.default_branch):
                if feature.key != "project":
                    by_feature[feature.key].append((ex, feature))
        for members in by_feature.values():
            weight = sum(DECAY**ex.age for ex, _ in members)
            heads: dict[str, float] = defaultdict(float)
            for ex, _ in members:
                heads[str(ex.group)] += DECAY**ex.age
            group, mass = max(heads.items(), key=lambda kv: kv[1])
            hits = sum(1 for ex, _ in members if ex.group == group)
            issues = len({ex.month for ex, _ in members})
            if hits < 3 or issues < MIN_ISSUES - 1 or mass / weight < MIN_SHARE:
                continue
            learned.rules.append(
                LearnedRule(
                    members[0][1],
                    "list",
                    repo,
                    hits,
                    len(members),
                    issues,
                    len(window),
                    mass / weight,
                    group=group,
                )
            )


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
        weight = sum(DECAY**age for age, _ in obs)
        share = sum(DECAY**age for age, yes in obs if yes) / weight
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
                if pull.number not in listed or is_bot(pull.author, config.bots):
                    continue
                if not (pull.author.login and pull.author.verified) and (
                    pull.author.name.lower() not in logins
                ):
                    continue  # a bare git name may be a thanked login we cannot tell
                key = _author(pull.author, logins)
                shown[key] = pull.author.login or pull.author.name
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
            end = issue.month.window(config.tz())[1] + PUBLISHED_AS_GRACE
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
    weight = sum(DECAY**age for age, _ in chances)
    share = sum(DECAY**age for age, noted in chances if noted) / weight
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
    out = replace(
        config,
        projects=projects,
        logins={**{k.lower(): v for k, v in learned.logins.items()}, **config.logins},
        learned_rules=[r.rule for r in learned.rules if r.repo is None],
        learned_project_rules={},
    )
    for r in learned.rules:
        if r.repo is not None:
            out.learned_project_rules.setdefault(r.repo, []).append(r.rule)
    if learned.published_as is not None:
        out.published_as = learned.published_as
    return out


def _plain(config: Config, person: LinkedPerson) -> bool:
    return person.url.rstrip("/") == f"{config.github_url.rstrip('/')}/{person.login}"
