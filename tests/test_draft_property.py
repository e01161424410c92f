"""Property: however people edit a draft between re-drafts, nothing they wrote is lost
and no PR is listed twice, while the month's activity keeps growing."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thismonth.app.draft import DraftOptions, draft_month
from thismonth.config import parse_config
from thismonth.draft.merge import validate
from thismonth.draft.state import read_state, state_path
from thismonth.markdown.lines import identity, is_heading, normalize_url
from thismonth.models import Person, PullRequest, RepoActivity
from thismonth.months import Month
from thismonth.sources.memory import MemorySource

CONFIG = """
[newsletter]
name = "Rust OSDev"
intro = "Welcome to {month_label}."

[[projects]]
repo = "o/alpha"
maintainers = ["phil"]
description = "Alpha description."
dev_branches = ["next"]

[[projects]]
repo = "o/beta"
description = "Beta description."

[[projects]]
repo = "o/gamma"
description = "Gamma description."
"""
REPOS = ("o/alpha", "o/beta", "o/gamma")
MONTH = Month(2022, 4)

# one new PR: (repo index, bot?, next branch?)
new_pr = st.tuples(st.integers(0, 2), st.booleans(), st.booleans())
edit = st.one_of(
    st.tuples(st.just("title"), st.integers(0, 10_000)),
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("comment"), st.integers(0, 10_000)),
    st.tuples(st.just("uncomment"), st.integers(0, 10_000)),
    st.tuples(st.just("move"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("prose"), st.integers(0, 10_000)),
    st.tuples(st.just("description"), st.integers(0, 2)),
    st.tuples(st.just("retitle"), st.integers(0, 10_000)),  # upstream edits a PR title
    st.tuples(st.just("swap"), st.integers(0, 10_000)),  # reorder two projects
    st.tuples(st.just("wrap"), st.integers(0, 10_000), st.integers(1, 6)),  # comment lines out
)
step = st.one_of(
    st.tuples(st.just("redraft"), st.lists(new_pr, max_size=4)),
    edit,
)


class World:
    def __init__(self) -> None:
        self.pulls: list[PullRequest] = []
        self.human: set[str] = set()  # lines people wrote, each unique
        self.deleted: set[str] = set()  # item identities people deleted
        self.commented: set[str] = set()  # identities people commented out
        self.uncommented: set[str] = set()  # identities people uncommented
        self.n = 0
        self.base: set[str] = set()  # lines of the last generation

    def track(self, line: str) -> None:
        """A line people made, unless it is word for word a generated one."""
        if line not in self.base:
            self.human.add(line)

    def add(self, repo_i: int, bot: bool, next_branch: bool) -> None:
        self.n += 1
        repo = REPOS[repo_i]
        title = f"Bump dep{self.n} from 1 to 2" if bot else f"Feature number {self.n}"
        login = "dependabot[bot]" if bot else f"user{self.n % 5}"
        self.pulls.append(
            PullRequest(
                repo=repo,
                number=self.n,
                title=title,
                url=f"https://github.com/{repo}/pull/{self.n}",
                author=Person(login, login),
                merged_at=datetime(2022, 4, 1 + self.n % 28, tzinfo=UTC),
                base_branch="next" if next_branch and repo_i == 0 else "main",
            )
        )

    def source(self) -> MemorySource:
        acts = {r: RepoActivity(r, "main") for r in REPOS}
        for p in self.pulls:
            acts[p.repo].pulls.append(p)
        return MemorySource(acts)


def body_start(lines: list[str]) -> int:
    return lines.index("+++", 1) + 1


def open_after(lines: list[str]) -> list[bool]:
    """Whether a multi-line comment is still open after each line."""
    out, inside = [], False
    for line in lines:
        for tok in re.findall(r"<!--|-->", line):
            inside = tok == "<!--"
        out.append(inside)
    return out


def place(lines: list[str], start: int, pick: int) -> int:
    """A position between lines, after the front matter and outside comments."""
    inside = open_after(lines)
    spots = [i for i in range(start, len(lines) + 1) if not inside[i - 1]]
    return spots[pick % len(spots)]


def items(lines: list[str]) -> list[int]:
    return [
        i for i, line in enumerate(lines) if (k := identity(line)) is not None and not is_heading(k)
    ]


def apply_edit(world: World, text: str, op: tuple) -> str:
    lines = text.splitlines()
    start = body_start(lines)
    found = items(lines)
    kind = op[0]
    if kind == "prose":
        world.n += 1
        line = f"A sentence people wrote, number {world.n}."
        lines.insert(place(lines, start, op[1]), line)
        world.human.add(line)
    elif kind == "description":
        target = ["Alpha description.", "Beta description.", "Gamma description."][op[1]]
        if target in lines:
            world.n += 1
            line = f"People described this project, take {world.n}."
            lines[lines.index(target)] = line
            world.human.add(line)
    elif kind == "swap":
        heads = [i for i, line in enumerate(lines) if line.startswith("### [")]
        if len(heads) >= 2:
            k = op[1] % (len(heads) - 1)
            a, b = heads[k], heads[k + 1]
            end = b + 1
            while end < len(lines) and not lines[end].startswith("#"):
                end += 1
            whole = not open_after(lines)[a - 1] and not any(
                ("<!--" in x and "-->" not in x) or ("-->" in x and "<!--" not in x)
                for x in lines[a:end]
            )
            if whole:  # only blocks that hold no part of a multi-line comment
                first, second = lines[a:b], lines[b:end]
                lines[a:end] = second + first
    elif kind == "wrap":
        inside = open_after(lines)
        spots = [
            i
            for i in range(start, len(lines))
            if not inside[i - 1] and "<!--" not in lines[i] and "-->" not in lines[i]
        ]
        if spots:
            i = spots[op[1] % len(spots)]
            j = i
            while (
                j < min(len(lines), i + op[2]) and "<!--" not in lines[j] and "-->" not in lines[j]
            ):
                j += 1
            lines[j:j] = ["-->"]
            lines[i:i] = ["<!--"]
    elif kind == "retitle":
        if world.pulls:
            i = op[1] % len(world.pulls)
            p = world.pulls[i]
            world.pulls[i] = PullRequest(**{**p.__dict__, "title": p.title + " (renamed)"})
    elif found:
        i = found[op[1] % len(found)]
        line = lines[i]
        key = identity(line)
        assert key is not None
        if kind == "title":
            world.n += 1
            new = f"- [Title people chose {world.n}]({_url(line)})"
            if line.lstrip().startswith("<!--"):
                new = f"<!-- {new} -->"
            world.human.discard(line)
            lines[i] = new
            world.track(new)
        elif kind == "delete":
            world.human.discard(line)
            del lines[i]
            world.deleted.add(key)
        elif kind in ("comment", "uncomment") and open_after(lines)[i - 1]:
            pass  # inside a comment people wrapped around lines: leave it
        elif kind == "comment" and not line.lstrip().startswith("<!--"):
            world.human.discard(line)
            lines[i] = f"<!-- {line} -->"
            world.track(lines[i])
            world.commented.add(key)
            world.uncommented.discard(key)
        elif kind == "uncomment" and line.startswith("<!-- - [") and line.endswith(" -->"):
            world.human.discard(line)
            lines[i] = line[5:-4]
            world.track(lines[i])
            world.uncommented.add(key)
            world.commented.discard(key)
        elif kind == "move":
            if open_after(lines)[i - 1]:
                return text  # an item inside a multi-line comment stays there
            del lines[i]
            lines.insert(place(lines, start, op[2]), line)
    return "\n".join(lines) + "\n"


def _url(line: str) -> str:
    return line[line.index("](") + 2 : line.index(")", line.index("]("))]


def check(world: World, merged: str, generated: str) -> None:
    validate(merged, "index.md")  # never a comment left open
    lines = merged.splitlines()
    present = set(lines)
    for line in world.human:
        assert line in present, f"lost a line people wrote: {line!r}"
    keys = Counter(identity(lines[i]) for i in items(lines))
    dupes = [k for k, n in keys.items() if n > 1]
    assert not dupes, f"listed twice: {dupes}"
    for key in world.deleted:
        assert key not in keys, f"deleted item came back: {key}"
    for i in items(lines):
        key = identity(lines[i])
        if key in world.commented:
            assert lines[i].lstrip().startswith("<!--"), f"commented-out item came back: {key}"
        if key in world.uncommented:
            assert not lines[i].lstrip().startswith("<!--"), f"item went back into a comment: {key}"
    for p in world.pulls:  # every PR people did not delete is there
        key = normalize_url(p.url)
        if key not in world.deleted:
            assert key in keys, f"missing {p.url}"
    assert generated  # the generated text is the next base


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(first=st.lists(new_pr, min_size=1, max_size=8), steps=st.lists(step, max_size=10))
def test_redrafts_never_lose_human_lines_nor_duplicate_items(first, steps) -> None:
    world = World()
    for args in first:
        world.add(*args)
    with tempfile.TemporaryDirectory() as tmp:
        # the use case the CLI runs: collect, compose, render, merge, write draft and state
        cfg = parse_config(CONFIG, Path(tmp) / "thismonth.toml")
        result = draft_month(cfg, DraftOptions(MONTH, source=world.source()))
        assert result.path is not None and result.written
        text = result.text
        world.base = set(text.splitlines())
        for op in [*steps, ("redraft", [])]:
            if op[0] == "redraft":
                for args in op[1]:
                    world.add(*args)
                result.path.write_text(text)
                result = draft_month(cfg, DraftOptions(MONTH, source=world.source()))
                assert result.path is not None
                generated = read_state(state_path(cfg, MONTH)).generated
                assert generated is not None
                check(world, result.text, generated)
                world.base = set(generated.splitlines())
                text = result.text
            else:
                text = apply_edit(world, text, op)
