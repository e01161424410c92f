"""Links: well-formed, each PR listed once, and merged in the issue's month."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from thismonth.check.document import Checked
from thismonth.check.findings import WARNING, Finding
from thismonth.markdown.lines import identity, is_heading
from thismonth.models import PullRequest, RepoActivity
from thismonth.months import Month

_INLINE = re.compile(r"\[([^\]]*(?:\][^\]\(]*)*)\]\(([^)]*)\)?")
_SPACED = re.compile(r"\[[^\]]+\]\s+\((https?://|/|#)")
_PR = re.compile(r"^https?://(?:www\.)?([^/\s]+)/([^/\s]+)/([^/\s]+)/pull/(\d+)(?:[/#?].*)?$", re.I)
_PULLS = re.compile(r"^https?://(?:www\.)?([^/\s]+)/[^/\s]+/[^/\s]+/pulls/\d+", re.I)
# Set by check_text/check_paths from the config's ``newsletter.github_url``.
GITHUB_HOST = "github_host"


def github_hosts(doc: Checked, activity: Activity | None = None) -> set[str]:
    """Hosts whose ``/OWNER/REPO/pull/N`` links are pull requests: github.com, the
    configured GitHub (Enterprise), and the hosts of the activity's own PR links."""
    hosts = {"github.com"}
    if doc.extra.get(GITHUB_HOST):
        hosts.add(str(doc.extra[GITHUB_HOST]).lower())
    for act in activity.repos.values() if activity else ():
        hosts.update(urlsplit(p.url).netloc.lower() for p in act.pulls[:1] if p.url)
    return hosts


# absolute, mailto, anchors, site-relative, and Zola's internal links ("@/page.md#anchor")
_SCHEME = re.compile(r"^(https?://[^/\s.]+\.[^/\s]+|mailto:|#|/|@/|\.{0,2}/|[\w./-]+(#[\w-]*)?$)")
# "ttps://", "htp://", "http//", "https:/x", "www.x", "github.com/x": a URL with a typo
_BROKEN_SCHEME = re.compile(r"^(\w{0,6}tt?ps?(:/{0,2}|//)|www\.|github\.com/)", re.I)


@dataclass
class Activity:
    """What was merged, by repository, as snapshots of one or more months recorded it."""

    month: Month | None  # the month of the first snapshot (None: a bare list)
    source: str
    repos: dict[str, RepoActivity] = field(default_factory=dict)
    months: set[Month] = field(default_factory=set)

    files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.month is not None:
            self.months.add(self.month)
        if not self.files:
            self.files = [self.source]

    def pull(self, repo: str, number: int, near: Month | None = None) -> PullRequest | None:
        """PR ``number`` of ``repo``; forks and renames reuse numbers, so the one merged
        nearest to ``near`` wins."""
        act = self.repos.get(repo.lower())
        if act is None:
            return None
        found = [p for p in act.pulls if p.number == number]
        if not found or near is None:
            return found[0] if found else None
        middle = near.window(UTC)[0] + timedelta(days=15)
        return min(found, key=lambda p: abs(p.merged_at - middle))

    def add(self, other: Activity) -> None:
        """Another snapshot (the next month's: PRs editors list after the month ended)."""
        for key, act in other.repos.items():
            mine = self.repos.get(key)
            if mine is None:
                self.repos[key] = act
            else:
                known = {(p.number, p.merged_at) for p in mine.pulls}
                mine.pulls.extend(p for p in act.pulls if (p.number, p.merged_at) not in known)
        self.months |= other.months
        self.files += other.files

    @property
    def label(self) -> str:
        if len(self.files) <= 2:
            return ", ".join(self.files)
        return f"{len(self.files)} snapshots, {self.files[0]} to {self.files[-1]}"


def links(doc: Checked) -> Iterator[Finding]:
    hosts = github_hosts(doc)
    for i in doc.body():
        text = doc.visible(i)
        if not text or ("](" not in text and "] (" not in text):
            continue
        if m := _SPACED.search(text):
            yield Finding(
                doc.path, i + 1, "link", f"space between ']' and '(': {m.group(0)!r} is not a link"
            )
        for m in _INLINE.finditer(text):
            label, target = m.group(1), m.group(2)
            if not m.group(0).endswith(")"):
                if not target.strip() and _continues(doc, i):
                    continue  # "[text](" then the URL on the next line: still a link
                yield Finding(
                    doc.path, i + 1, "link", f"link to {target.strip()!r} has no closing ')'"
                )
                continue
            url = target.strip().split(" ", 1)[0].strip("<>")
            if not label.strip() and not m.group(0).startswith("!["):
                yield Finding(doc.path, i + 1, "link", f"link to {url!r} has no text")
            if not url:
                yield Finding(doc.path, i + 1, "link", f"link [{label}] has no target")
            elif " " in target.strip() and not re.search(r'\s"[^"]*"$', target.strip()):
                yield Finding(doc.path, i + 1, "link", f"space in link target {target.strip()!r}")
            elif _BROKEN_SCHEME.match(url) and not re.match(r"^https?://[^/\s]+", url):
                yield Finding(doc.path, i + 1, "link", f"malformed URL {url!r}")
            elif (pm := _PULLS.match(url)) and pm.group(1).lower() in hosts:
                yield Finding(
                    doc.path, i + 1, "link", f"{url!r}: a PR link is .../pull/N, not /pulls/N"
                )
            elif not _SCHEME.match(url) and not url.startswith(("http://", "https://")):
                yield Finding(doc.path, i + 1, "link", f"link target {url!r} is not a URL", WARNING)


def duplicates(doc: Checked) -> Iterator[Finding]:
    """The same PR (or commit) as two items: an error when both show, a warning otherwise."""
    first: dict[str, tuple[int, bool]] = {}
    for i in doc.body():
        if doc.scan.in_fence[i]:
            continue
        key = identity(doc.lines[i])
        if key is None or is_heading(key) or ("/pull/" not in key and "/commit/" not in key):
            continue
        shown = bool(doc.visible(i).strip())
        if key in first:
            line, was_shown = first[key]
            if shown and was_shown:
                yield Finding(
                    doc.path,
                    i + 1,
                    "duplicate-link",
                    f"{_short(key)} is listed twice (also line {line})",
                )
            else:
                yield Finding(
                    doc.path,
                    i + 1,
                    "duplicate-link",
                    f"{_short(key)} appears twice, once commented out (also line {line})",
                    WARNING,
                )
        else:
            first[key] = (i + 1, shown)


def _continues(doc: Checked, i: int) -> bool:
    nxt = doc.visible(i + 1).strip() if i + 1 < len(doc.lines) else ""
    return bool(re.match(r"^<?(https?://|/|#|@/)[^\s)]*>?(\s+\"[^\"]*\")?\)", nxt))


def listed_before(issues: list[Checked]) -> Iterator[Finding]:
    """A PR shown in the issue of an earlier month, of those checked, shown again."""
    ordered = sorted((d for d in issues if d.month is not None), key=lambda d: (d.month, d.path))
    seen: dict[str, tuple[Month, str, int]] = {}
    for doc in ordered:
        mine: dict[str, int] = {}
        for i in doc.body():
            key = identity(doc.lines[i])
            if key is None or "/pull/" not in key or not doc.visible(i).strip():
                continue
            earlier = seen.get(key)
            if earlier is not None and earlier[0] < doc.month and key not in mine:  # type: ignore[operator]
                yield Finding(
                    doc.path,
                    i + 1,
                    "listed-before",
                    f"{_short(key)} was already listed in {earlier[1]}:{earlier[2]}",
                    WARNING,
                )
            mine.setdefault(key, i + 1)
        for key, line in mine.items():
            seen.setdefault(key, (doc.month, doc.path, line))  # type: ignore[arg-type]


def _short(key: str) -> str:
    if "/pull/" in key or "/commit/" in key:  # HOST/owner/repo/...: the host is implied
        key = key.split("/", 1)[1]
    return key.replace("/pull/", "#")


def merged_in_month(doc: Checked, activity: Activity | None, notes: list[str]) -> Iterator[Finding]:
    """Each listed PR of a repository the activity knows was merged in the issue's month."""
    if activity is None:
        notes.append(
            "pr-month: skipped, the month's activity is unknown (pass --activity SNAPSHOT.json)"
        )
        return
    month = doc.month
    if month is None:
        notes.append(f"pr-month: skipped for {doc.path}: its month is unknown")
        return
    if activity.months and month not in activity.months:
        have = ", ".join(str(m) for m in sorted(activity.months))
        notes.append(
            f"pr-month: skipped for {doc.path}: the activity is of {have}, the issue of {month}"
        )
        return
    start, end = month.window(UTC)
    hosts = github_hosts(doc, activity)
    for i in doc.body():
        text = doc.visible(i)
        key = identity(doc.lines[i])
        if not text.strip() or key is None or is_heading(key):
            continue
        for url in re.findall(r"\]\((https?://[^)\s]+)\)", text)[:1]:
            m = _PR.match(url)
            if not m or "/commits/" in url or m.group(1).lower() not in hosts:
                continue  # a commit shown inside its PR is not the PR
            repo, number = f"{m.group(2)}/{m.group(3)}".lower(), int(m.group(4))
            if repo not in activity.repos:
                continue
            pull = activity.pull(repo, number, near=month)
            if pull is None:
                yield Finding(
                    doc.path,
                    i + 1,
                    "pr-month",
                    f"{repo}#{number} is not among the PRs merged in {month.label} ({activity.label})",
                    WARNING,
                )
                continue
            merged = pull.merged_at.astimezone(UTC)
            if start <= merged < end:
                continue
            published = _published(doc)
            if published is not None and merged >= published + timedelta(days=1):
                yield Finding(
                    doc.path,
                    i + 1,
                    "pr-month",
                    f"{repo}#{number} was merged on {merged:%Y-%m-%d}, "
                    f"after the issue was published ({published:%Y-%m-%d})",
                )
            elif end <= merged < month.publication_end(UTC):
                yield Finding(
                    doc.path,
                    i + 1,
                    "pr-month",
                    f"{repo}#{number} was merged on {merged:%Y-%m-%d}, after {month.label}",
                    WARNING,
                )
            else:
                yield Finding(
                    doc.path,
                    i + 1,
                    "pr-month",
                    f"{repo}#{number} was merged on {merged:%Y-%m-%d}, not in {month.label}",
                )


def _published(doc: Checked) -> datetime | None:
    """The issue's date (front matter), as the start of that day in UTC."""
    value = (doc.meta or {}).get("date")
    if value is None:
        return None
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
