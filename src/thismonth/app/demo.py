"""A demonstration organization built on the spot, so the main job runs on a fresh clone.

``scripts/demo`` drafts real rust-osdev months from ``../shared`` when it is there; anyone
who cloned the project alone has no such data, so this module builds a small organization
whose history shows, in one month, what thismonth handles:

* ``kernel`` (maintained by ``mia``): a GitHub merge commit, a squash merge ``Title (#N)``,
  a rebase merge that only ``refs/pull/N/head`` reveals, dependabot's bump (commented out),
  a maintainer's own PR (left out of the thanks line), work merged into ``next`` plus a
  direct commit there, and a release tag (a "published as" note);
* ``bootinfo``: an outside contributor's PRs whose titles carry Markdown-looking text, and
  renovate's update (commented out);
* ``tools``: a repository the config does not name yet (drafted as a new project).

The repositories are bare and built with ``git fast-import`` from a generated stream: real
git history (merge commits with two parents, tags, pull refs) made in one process per
repository, so the demo costs well under a second. Commits are empty, as in the shared
data: thismonth reads history, not files. The activity falls in whichever month is asked.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from thismonth.errors import ThisMonthError
from thismonth.months import Month
from thismonth.sources.git_run import GitFailed, run_git
from thismonth.writing import write_atomic

ORG = "demo-osdev"

Who = tuple[str, str]
MIA: Who = ("Mia Maintainer", "41+mia@users.noreply.github.com")
ALICE: Who = ("Alice Liddell", "42+alice@users.noreply.github.com")
BOB: Who = ("Bob Builder", "43+bob@users.noreply.github.com")
CAROL: Who = ("Carol Danvers", "44+carol@users.noreply.github.com")
DAVE: Who = ("Dave Lister", "45+dave@users.noreply.github.com")
GITHUB: Who = ("GitHub", "noreply@github.com")
DEPENDABOT: Who = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
RENOVATE: Who = ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com")

CONFIG = f'''# thismonth.toml of the demonstration organization that scripts/demo builds.
# Its clones are in repos/; `tools` has no [[projects]] entry yet: drafts add it as a new project.

[newsletter]
name = "Demo OSDev"
organization = "{ORG}"
editors = ["mia"]
timezone = "UTC"
output = "content/this-month/{{month}}/index.md"

[[projects]]
repo = "{ORG}/kernel"
description = "A teaching kernel: paging, frame allocation and a scheduler in a few thousand lines."
maintainers = ["mia"]
dev_branches = ["next"]
[[projects.packages]]
name = "demo-kernel"
tag_prefix = "v"

[[projects]]
repo = "{ORG}/bootinfo"
description = "Parses the boot information the firmware hands to the kernel."
maintainers = ["mia"]
'''


@dataclass(frozen=True)
class DemoOrg:
    """What :func:`build_demo_org` made: a folder of clones and a config naming most of them."""

    root: Path
    repos: Path
    config: Path
    names: tuple[str, ...]


@dataclass
class _Stream:
    """A ``git fast-import`` stream under construction; marks name the commits."""

    month: Month
    parts: list[str] = field(default_factory=list)
    marks: int = 0

    def at(self, day: int, hour: int = 12) -> str:
        moment = datetime(self.month.year, self.month.month, day, hour, tzinfo=UTC)
        return f"{int(moment.timestamp())} +0000"

    def commit(
        self,
        ref: str,
        message: str,
        *,
        author: Who,
        when: str,
        parent: int | None,
        merge: int | None = None,
        committer: Who | None = None,
        committed: str | None = None,
    ) -> int:
        self.marks += 1
        data = message.encode("utf-8")
        who = committer or author
        lines = [
            f"commit {ref}",
            f"mark :{self.marks}",
            f"author {author[0]} <{author[1]}> {when}",
            f"committer {who[0]} <{who[1]}> {committed or when}",
            f"data {len(data)}",
            message,
        ]
        if parent is not None:
            lines.append(f"from :{parent}")
        if merge is not None:
            lines.append(f"merge :{merge}")
        self.parts.append("\n".join(lines) + "\n")
        return self.marks

    def ref(self, ref: str, mark: int) -> None:
        self.parts.append(f"reset {ref}\nfrom :{mark}\n\n")

    def tag(self, name: str, mark: int, *, tagger: Who, when: str, message: str) -> None:
        data = message.encode("utf-8")
        self.parts.append(
            f"tag {name}\nfrom :{mark}\ntagger {tagger[0]} <{tagger[1]}> {when}\n"
            f"data {len(data)}\n{message}\n"
        )

    def pull_merge(
        self, number: int, title: str, login: str, author: Who, base: int, day: int, *, into: str
    ) -> int:
        """A PR branch of one commit, its pull ref, and GitHub's merge commit on ``into``."""
        head = self.commit(
            f"refs/heads/{login}/pr-{number}",
            title,
            author=author,
            when=self.at(day - 1, 9),
            parent=base,
        )
        self.ref(f"refs/pull/{number}/head", head)
        self.parts.append(f"reset refs/heads/{login}/pr-{number}\n\n")  # branch deleted after merge
        return self.commit(
            f"refs/heads/{into}",
            f"Merge pull request #{number} from {login}/pr-{number}\n\n{title}",
            author=MIA,
            committer=GITHUB,
            when=self.at(day, 15),
            parent=base,
            merge=head,
        )

    def text(self) -> str:
        return "".join(self.parts) + "done\n"


def _kernel(month: Month) -> str:
    s = _Stream(month)
    last = month.previous()
    old = _Stream(last)
    root = s.commit(
        "refs/heads/main", "Initial commit", author=MIA, when=old.at(2, 10), parent=None
    )
    tip = s.commit(
        "refs/heads/main", "Frame allocator", author=MIA, when=old.at(9, 10), parent=root
    )
    s.tag("v0.3.0", tip, tagger=MIA, when=old.at(10, 10), message="v0.3.0")
    s.ref("refs/heads/next", tip)
    # A GitHub merge commit: the PR number and title are in the message.
    tip = s.pull_merge(41, "Add a `PageTable::walk` helper", "alice", ALICE, tip, 3, into="main")
    # A squash merge: one commit, "Title (#N)", authored by the contributor.
    tip = s.commit(
        "refs/heads/main",
        "Fix an off-by-one in the frame allocator (#42)",
        author=BOB,
        when=s.at(6, 11),
        committer=GITHUB,
        parent=tip,
    )
    # A rebase merge: the PR's two commits copied onto main by the maintainer; no message
    # names the PR, only refs/pull/43/head (same author, author date and subject) does.
    first = s.commit(
        "refs/heads/carol/timer",
        "Program the APIC timer",
        author=CAROL,
        when=s.at(7, 9),
        parent=tip,
    )
    second = s.commit(
        "refs/heads/carol/timer",
        "Preemptive round-robin scheduler",
        author=CAROL,
        when=s.at(7, 10),
        parent=first,
    )
    s.ref("refs/pull/43/head", second)
    s.parts.append("reset refs/heads/carol/timer\n\n")
    tip = s.commit(
        "refs/heads/main",
        "Program the APIC timer",
        author=CAROL,
        when=s.at(7, 9),
        committer=MIA,
        committed=s.at(9, 16),
        parent=tip,
    )
    tip = s.commit(
        "refs/heads/main",
        "Preemptive round-robin scheduler",
        author=CAROL,
        when=s.at(7, 10),
        committer=MIA,
        committed=s.at(9, 16),
        parent=tip,
    )
    # A bot's dependency bump: listed as an HTML comment for the editor to decide.
    tip = s.pull_merge(
        44, "Bump bitflags from 2.5.0 to 2.6.0", "dependabot", DEPENDABOT, tip, 12, into="main"
    )
    # The maintainer's own PR: listed, but maintainers are not thanked.
    tip = s.pull_merge(45, "Document the memory map", "mia", MIA, tip, 14, into="main")
    # Work for the next release goes to `next`: listed apart, with a direct commit.
    nxt = s.pull_merge(
        46, "Next: a new `FrameAllocator` trait", "alice", ALICE, tip, 18, into="next"
    )
    s.commit(
        "refs/heads/next",
        "Rename `Frame::start` to `Frame::base`",
        author=MIA,
        when=s.at(20, 11),
        parent=nxt,
    )
    # A release late in the month: the PRs it first contains are "published as v0.3.1".
    s.tag("v0.3.1", tip, tagger=MIA, when=s.at(27, 10), message="v0.3.1")
    return s.text()


def _bootinfo(month: Month) -> str:
    s = _Stream(month)
    old = _Stream(month.previous())
    tip = s.commit("refs/heads/main", "Initial commit", author=MIA, when=old.at(5, 10), parent=None)
    # Titles as people write them: underscores, arrows, generics and code spans.
    tip = s.pull_merge(
        7, "Implement `TryFrom<&[u8]>` for `BootInfo`", "dave", DAVE, tip, 4, into="main"
    )
    tip = s.commit(
        "refs/heads/main",
        "Split mem.rs -> mem/mod.rs and parse_memory_map (#8)",
        author=DAVE,
        when=s.at(11, 13),
        committer=GITHUB,
        parent=tip,
    )
    s.commit(
        "refs/heads/main",
        "chore(deps): update rust crate serde to v1.0.203 (#9)",
        author=RENOVATE,
        when=s.at(16, 4),
        committer=GITHUB,
        parent=tip,
    )
    return s.text()


def _tools(month: Month) -> str:
    s = _Stream(month)
    old = _Stream(month.previous())
    tip = s.commit("refs/heads/main", "Initial commit", author=MIA, when=old.at(5, 10), parent=None)
    s.pull_merge(3, "Add a disk image builder", "bob", BOB, tip, 21, into="main")
    return s.text()


BUILDERS = {"kernel": _kernel, "bootinfo": _bootinfo, "tools": _tools}


def build_demo_org(root: Path, month: Month) -> DemoOrg:
    """Build the demo's clones under ``root/repos`` for ``month`` and write its config.

    The clones are rebuilt on every call (their activity follows the month asked for) and
    the config is the demo's own; drafts under ``root`` are kept, so editing a draft and
    running the demo again shows the re-draft keeping the edits. The new clones replace
    the old ones only once all are built.
    """
    repos = root / "repos"
    building = root / ".repos.building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        for name, build in BUILDERS.items():
            path = building / f"{name}.git"
            path.mkdir()
            run_git(path, ["init", "--quiet", "--bare", "--initial-branch=main"])
            run_git(path, ["fast-import", "--quiet"], stdin=build(month))
            run_git(path, ["symbolic-ref", "HEAD", "refs/heads/main"])
    except GitFailed as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise ThisMonthError(f"{building}: building the demo repositories failed: {exc}") from None
    shutil.rmtree(repos, ignore_errors=True)
    building.rename(repos)
    config = root / "thismonth.toml"
    if not config.exists() or config.read_text(encoding="utf-8") != CONFIG:
        write_atomic(config, CONFIG)
    return DemoOrg(root=root, repos=repos, config=config, names=tuple(BUILDERS))
