"""Build small git repositories with real git commands, for the git source's tests.

Every commit is empty (``--allow-empty``): the git source reads history, not files.
Dates, names and e-mails are explicit so each test states the case it builds.

    repo = GitRepo.init(tmp_path / "x")
    base = repo.commit("Initial", date="2024-02-01T10:00:00+00:00")
    repo.branch("fix", base)
    repo.commit("Fix the thing", author=ALICE, date="2024-03-02T10:00:00+00:00")
    repo.checkout("main")
    repo.merge("fix", "Merge pull request #12 from alice/fix\\n\\nFix the thing",
               date="2024-03-03T10:00:00+00:00")
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

Who = tuple[str, str]

ALICE: Who = ("Alice Liddell", "alice@example.com")
BOB: Who = ("Bob", "123+bob@users.noreply.github.com")
MAINTAINER: Who = ("Mia Maintainer", "mia@example.org")
GITHUB: Who = ("GitHub", "noreply@github.com")
DEPENDABOT: Who = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        LC_ALL="C",
        GIT_TERMINAL_PROMPT="0",
    )
    return env


class GitRepo:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def init(cls, path: Path, *, branch: str = "main", bare: bool = False) -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        args = ["init", "--quiet", f"--initial-branch={branch}"]
        if bare:
            args.append("--bare")
        repo = cls(path)
        repo.git(*args)
        return repo

    def git(
        self,
        *args: str,
        who: Who = MAINTAINER,
        date: str | None = None,
        committer: Who | None = None,
        committer_date: str | None = None,
    ) -> str:
        env = git_env(self.path)
        committer = committer or who
        env.update(
            GIT_AUTHOR_NAME=who[0],
            GIT_AUTHOR_EMAIL=who[1],
            GIT_COMMITTER_NAME=committer[0],
            GIT_COMMITTER_EMAIL=committer[1],
        )
        if date:
            env["GIT_AUTHOR_DATE"] = date
            env["GIT_COMMITTER_DATE"] = committer_date or date
        proc = subprocess.run(
            ["git", "-C", str(self.path), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout.strip()

    # ------------------------------------------------------------ history

    def commit(
        self,
        message: str,
        *,
        author: Who = MAINTAINER,
        date: str = "2024-03-10T12:00:00+00:00",
        committer: Who | None = None,
        committer_date: str | None = None,
    ) -> str:
        self.git(
            "commit",
            "--quiet",
            "--allow-empty",
            "--no-verify",
            "-m",
            message,
            who=author,
            date=date,
            committer=committer,
            committer_date=committer_date,
        )
        return self.head()

    def merge(
        self,
        branch: str,
        message: str,
        *,
        date: str = "2024-03-10T12:00:00+00:00",
        author: Who = MAINTAINER,
        committer: Who = GITHUB,
    ) -> str:
        self.git(
            "merge",
            "--quiet",
            "--no-ff",
            "--no-edit",
            "-m",
            message,
            branch,
            who=author,
            date=date,
            committer=committer,
        )
        return self.head()

    def branch(self, name: str, start: str = "HEAD") -> None:
        self.git("checkout", "--quiet", "-B", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "--quiet", name)

    def tag(
        self, name: str, ref: str = "HEAD", *, message: str | None = None, date: str | None = None
    ) -> None:
        if message is None:
            self.git("tag", name, ref)
        else:
            self.git("tag", "-a", "-m", message, name, ref, date=date)

    def update_ref(self, ref: str, sha: str) -> None:
        self.git("update-ref", ref, sha)

    def head(self, ref: str = "HEAD") -> str:
        return self.git("rev-parse", ref)

    # ------------------------------------------------------------ shapes

    def pull_request(
        self,
        number: int,
        title: str,
        *,
        login: str = "alice",
        author: Who = ALICE,
        date: str = "2024-03-10T12:00:00+00:00",
        merged: str | None = None,
        base: str = "main",
        commits: int = 1,
    ) -> str:
        """A GitHub merge commit of a branch with ``commits`` commits; sets the pull ref."""
        topic = f"pr-{number}"
        self.branch(topic, base)
        for i in range(commits):
            self.commit(
                title if i == commits - 1 else f"{title} (part {i + 1})", author=author, date=date
            )
        self.update_ref(f"refs/pull/{number}/head", self.head())
        self.checkout(base)
        return self.merge(
            topic,
            f"Merge pull request #{number} from {login}/{topic}\n\n{title}",
            date=merged or date,
        )
