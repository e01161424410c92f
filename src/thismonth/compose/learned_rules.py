"""Which PRs the editors list or comment out, learned on general features.

The labelled examples come from the archive (listed and commented-out lines, and the
month's PRs no line names) joined with that month's activity (authors, branches). A rule
is learned for a feature when it has support, the editors agree, and it changes what the
config's and the built-in rules decide; long lists grouped lately give group rules. The
thresholds are stated here; ``compose/learned.py`` calls these and applies the result.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from thismonth.archive.records import ArchivedIssue
from thismonth.compose.policy import Candidate, decide, is_bot
from thismonth.compose.title_style import CONVENTIONAL
from thismonth.config import Config, ProjectConfig, Rule
from thismonth.models import Person, RepoActivity
from thismonth.months import Month

WINDOW = 6  # the last six issues: about half a year of the editors' habits
DECAY = 0.75  # weight of an issue one step further back
MIN_ITEMS = 5  # a rule needs this many PRs with the feature...
MIN_ISSUES = 3  # ...in at least this many issues...
MIN_SHARE = 0.8  # ...and this weighted share of them handled the same way


def weighted_share(observations: Iterable[tuple[int, bool]]) -> float:
    """The recency-weighted share of ``(age, yes)`` observations that say yes: an issue
    ``age`` issues back weighs ``DECAY**age``, so a habit that changes is followed."""
    seen = list(observations)
    weight = sum(DECAY**age for age, _ in seen)
    return sum(DECAY**age for age, yes in seen if yes) / weight if weight else 0.0


GROUP_MIN_ITEMS = 8  # a list this long is "long": was it grouped under ``####`` headings?

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
class Example:
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
    m = CONVENTIONAL.match(ex_title)
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


def examples(
    config: Config,
    projects: dict[str, ProjectConfig],
    window: list[ArchivedIssue],
    activities: dict[Month, dict[str, RepoActivity]],
) -> list[Example]:
    """Every PR of the window's issues, labelled list or comment (commented or left out)."""
    out: list[Example] = []
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
) -> Example:
    bot = is_bot(author, config.policy.bots) if author else None
    candidate = Candidate(
        "pull",
        title,
        author or Person(name=""),
        branch or default or "",
        (),
        bool(bot),
    )
    baseline = decide(project.rules + config.rules_for(project), candidate).action
    return Example(
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


def learn_rules(examples: list[Example], window: int) -> tuple[list[LearnedRule], list[str]]:
    """The rules (most specific first), and what was seen with too little support."""
    below: list[str] = []
    groups: dict[tuple[str, str | None], list[tuple[Example, Feature]]] = defaultdict(list)
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
        for action in ("comment", "list"):
            hits = sum(1 for ex, _ in members if ex.label == action)
            share = weighted_share((ex.age, ex.label == action) for ex, _ in members)
            changes = sum(1 for ex, _ in members if ex.baseline != action)
            if share < MIN_SHARE or changes * 2 < total:
                continue  # the editors disagree, or the rules already do this
            rule = LearnedRule(feature, action, repo, hits, total, issues, window, share)
            # A whole project's treatment is one decision per issue: two issues agreeing
            # on five PRs or more is support enough; other features need three.
            need = MIN_ISSUES - 1 if feature.key == "project" else MIN_ISSUES
            if total < MIN_ITEMS or issues < need:
                if total >= 2 and repo is None:  # single PRs are no habit worth listing
                    below.append(f"not learned (too little support): {rule.sentence()}")
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
    return chosen, below


@dataclass
class GroupHabits:
    rules: list[LearnedRule] = field(default_factory=list)
    order: dict[str, list[str]] = field(default_factory=dict)  # repo -> headings
    values: list[LearnedValue] = field(default_factory=list)


def learn_groups(
    projects: dict[str, ProjectConfig],
    window: list[ArchivedIssue],
    examples: list[Example],
) -> GroupHabits:
    """Per project: were its long lists grouped lately, and which PRs went under which
    heading? Only for PRs the rules list anyway: a group never changes list or comment."""
    habits = GroupHabits()
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
        if weighted_share((age, bool(used)) for age, used in long_lists) < 0.5:
            continue
        habits.order[repo] = long_lists[0][1]
        habits.values.append(
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
        by_feature: dict[str, list[tuple[Example, Feature]]] = defaultdict(list)
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
            habits.rules.append(
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
    return habits
