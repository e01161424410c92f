"""Property: a whole editor's month, from first draft to publish, loses nothing.

Random sequences of: re-drafts as PRs keep merging (some early next month), with the
source of one project failing now and then, ``--until`` set once and kept by later
re-drafts; human edits (retitled, deleted and commented-out items, prose, a rewritten
thanks line); ``section new`` and authors filling in or extending their files at any
point; then ``publish``. Every step runs the use cases the CLI runs (``draft_month``,
``section_new``, ``publish``).

Invariants on the published issue: every line people wrote is there, and every line of
every section file; no item is listed twice; every line comes from a generation,
a person or a section file; and the published issue passes ``check``.

CI runs ``THISMONTH_MONTH_EXAMPLES`` examples (40 by default); run more by hand with
``THISMONTH_MONTH_EXAMPLES=500 .venv/bin/python -m pytest tests/test_month_property.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_draft_property import CONFIG, MONTH, REPOS
from thismonth.app.draft import DraftOptions, draft_month
from thismonth.app.publish import publish
from thismonth.app.sections import section_new
from thismonth.config import Config, ProjectConfig, output_path, parse_config
from thismonth.draft.sections import sections_folder
from thismonth.draft.state import read_state, state_path
from thismonth.markdown.comments import scan
from thismonth.markdown.lines import identity, is_heading
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month
from thismonth.sources import Collected

EXAMPLES = int(os.environ.get("THISMONTH_MONTH_EXAMPLES", "40"))
UNTIL = dt.date(2022, 5, 3)
OUTSIDE = ("ext/vesper", "ext/moros")


@dataclass
class FlakySource:
    """The month's PRs; the project named in ``failing`` cannot be read this time."""

    pulls: list[PullRequest]
    failing: str | None = None
    name: str = "flaky"

    def collect_month(self, projects: list[ProjectConfig], month: Month, tz: tzinfo) -> Collected:
        start, end = month.window(tz)
        out = Collected()
        for p in projects:
            if p.repo == self.failing:
                out.failed[p.repo] = f"{p.repo}: no clone at clones/{p.short}"
                out.warnings.append(out.failed[p.repo])
                continue
            act = RepoActivity(p.repo, "main")
            act.pulls = [x for x in self.pulls if x.repo == p.repo and start <= x.merged_at < end]
            out.activities[p.repo] = act
        return out


@dataclass
class Month_:
    config: Config
    pulls: list[PullRequest] = field(default_factory=list)
    human: set[str] = field(default_factory=set)  # lines people wrote, still theirs
    produced: set[str] = field(default_factory=set)  # every line any generation held
    section_lines: set[str] = field(default_factory=set)  # every line of every section file
    until: bool = False
    n: int = 0

    @property
    def issue(self) -> Path:
        return output_path(self.config, MONTH)

    def add_pr(self, repo_i: int, bot: bool, next_branch: bool, late: bool) -> None:
        self.n += 1
        repo = REPOS[repo_i]
        login = "dependabot[bot]" if bot else f"user{self.n % 5}"
        when = (
            datetime(2022, 5, 1 + self.n % 2, tzinfo=UTC)
            if late
            else datetime(2022, 4, 1 + self.n % 28, tzinfo=UTC)
        )
        self.pulls.append(
            PullRequest(
                repo=repo,
                number=self.n,
                title=f"Bump dep{self.n} from 1 to 2" if bot else f"Feature number {self.n}",
                url=f"https://github.com/{repo}/pull/{self.n}",
                author=Person(login, login),
                merged_at=when,
                base_branch="next" if next_branch and repo_i == 0 else "main",
            )
        )

    def draft(self, failing: int | None, set_until: bool) -> None:
        self.until = self.until or set_until
        source = FlakySource(list(self.pulls), REPOS[failing] if failing is not None else None)
        options = DraftOptions(MONTH, source=source, until=UNTIL if set_until else None)
        result = draft_month(self.config, options)
        generated = read_state(state_path(self.config, MONTH)).generated
        assert generated is not None
        assert read_state(state_path(self.config, MONTH)).until == (UNTIL if self.until else None)
        self.produced.update(generated.splitlines())
        self.produced.update(result.text.splitlines())  # (tool notes beside edited lines)

    def text(self) -> list[str]:
        return self.issue.read_text(encoding="utf-8").splitlines()

    def write(self, lines: list[str]) -> None:
        self.issue.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ steps

new_pr = st.tuples(st.integers(0, 2), st.booleans(), st.booleans(), st.booleans())
step = st.one_of(
    st.tuples(
        st.just("redraft"),
        st.lists(new_pr, max_size=4),
        st.one_of(st.none(), st.integers(0, 2)),  # a project whose source fails
        st.booleans(),  # --until this time (kept by every later re-draft)
    ),
    st.tuples(st.just("retitle"), st.integers(0, 10_000)),
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("comment"), st.integers(0, 10_000)),
    st.tuples(st.just("prose"), st.integers(0, 10_000)),
    st.tuples(st.just("thanks"), st.integers(0, 10_000)),
    st.tuples(st.just("section_new"), st.integers(0, 1)),
    st.tuples(st.just("section_write"), st.integers(0, 1)),
)


def visible_items(lines: list[str]) -> list[int]:
    found = scan(lines)
    return [
        i
        for i, line in enumerate(lines)
        if line.startswith("- [")
        and (k := identity(line)) is not None
        and not is_heading(k)
        and not found.commented[i]
    ]


def siblings(lines: list[str], i: int) -> int:
    """Visible items in the same paragraph as line ``i``: never empty a list (its lead-in
    would be left introducing nothing, an error ``check`` rightly reports)."""
    shown = set(visible_items(lines))
    a = i
    while a > 0 and lines[a - 1].strip():
        a -= 1
    b = i
    while b < len(lines) and lines[b].strip():
        b += 1
    return sum(1 for k in range(a, b) if k in shown)


def edit(m: Month_, op: tuple) -> None:
    if not m.issue.exists():
        return
    lines = m.text()
    kind = op[0]
    items = visible_items(lines)
    if kind in ("retitle", "delete", "comment") and items:
        i = items[op[1] % len(items)]
        line = lines[i]
        if kind != "retitle" and siblings(lines, i) < 2:
            return
        m.human.discard(line)
        if kind == "retitle":
            m.n += 1
            url = line[line.index("](") + 2 : line.index(")", line.index("]("))]
            lines[i] = f"- [Title people chose {m.n}]({url})"
            m.human.add(lines[i])
        elif kind == "delete":
            del lines[i]
        else:
            lines[i] = f"<!-- {line} -->"
            m.human.add(lines[i])
    elif kind == "prose":
        found = scan(lines)
        heads = [
            i
            for i, line in enumerate(lines)
            if re.match(r"^#{2,3} ", line) and not found.commented[i]
        ]
        if heads:
            m.n += 1
            line = f"A sentence people wrote, number {m.n}."
            at = heads[op[1] % len(heads)]
            lines[at:at] = [line, ""]
            m.human.add(line)
    elif kind == "thanks":
        thanks = [i for i, line in enumerate(lines) if line.startswith("Thanks to [@")]
        if thanks:
            i = thanks[op[1] % len(thanks)]
            m.human.discard(lines[i])
            m.n += 1
            lines[i] = f"Thanks to everyone who helped, people wrote {m.n}!"
            m.human.add(lines[i])
    m.write(lines)


def section(m: Month_, op: tuple) -> None:
    repo = OUTSIDE[op[1]]
    folder = sections_folder(m.issue)
    path = folder / f"{repo.split('/')[1]}.md"
    if op[0] == "section_new":
        if not path.exists():
            section_new(m.config, MONTH, repo, "author" + str(op[1]))
    elif path.exists():
        m.n += 1
        text = path.read_text(encoding="utf-8")
        news = f"News of {repo} number {m.n}."
        if "<!--" in text:  # the author fills in the template, note gone
            text = re.sub(r"<!--.*?-->", news, text, flags=re.S)
        else:
            text = text.rstrip("\n") + f"\n\n{news}\n"
        path.write_text(text, encoding="utf-8")
    if path.exists():
        m.section_lines.update(path.read_text(encoding="utf-8").splitlines())


# ------------------------------------------------------------------ the property


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    first=st.lists(new_pr, min_size=1, max_size=6),
    steps=st.lists(step, max_size=14),
)
def test_a_whole_month_loses_nothing(first, steps) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        m = Month_(parse_config(CONFIG, Path(tmp) / "thismonth.toml"))
        for args in first:
            m.add_pr(*args)
        m.draft(None, False)
        for op in steps:
            if op[0] == "redraft":
                for args in op[1]:
                    m.add_pr(*args)
                m.draft(op[2], op[3])
            elif op[0].startswith("section"):
                section(m, op)
            else:
                edit(m, op)
        # before publishing: every author has written something, and one last re-draft
        for i in range(len(OUTSIDE)):
            path = sections_folder(m.issue) / f"{OUTSIDE[i].split('/')[1]}.md"
            if path.exists() and "<!--" in path.read_text():
                section(m, ("section_write", i))
        m.draft(None, False)
        published = publish(m.config, MONTH, date=dt.date(2022, 5, 5), spell=False)
        assert not published.report.errors, [f.text() for f in published.report.errors]
        assert published.written
        lines = m.issue.read_text(encoding="utf-8").splitlines()
        present = {x.strip() for x in lines}
        for line in m.human:
            if not line.startswith("<!--"):
                assert line in present, f"lost a line people wrote: {line!r}"
        for path in sorted(sections_folder(m.issue).glob("*.md")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and "<!--" not in line and "-->" not in line:
                    assert line.strip() in present, f"{path.name}: not published: {line!r}"
        keys = Counter(identity(x) for x in lines if identity(x) and not is_heading(identity(x)))
        assert not [k for k, n in keys.items() if n > 1], keys
        allowed = m.produced | m.human | m.section_lines
        allowed |= {re.sub(r"<!--.*?-->", "", x).rstrip() for x in allowed}
        for line in lines:
            if line.strip() and not line.startswith("date = "):
                assert line in allowed, f"nobody wrote {line!r}"
