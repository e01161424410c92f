"""Who contributed before a month, from the clones' history: the base of the welcome line.

A month's PR author is a first-time contributor when nothing in the configured clones'
branches before the month names them: not as a commit author (name or e-mail), not as
the login of a GitHub merge (``Merge pull request #N from LOGIN/...``, homu's
``Auto merge of #N - LOGIN:...``) and not through a noreply address. Matching on names
and e-mails too keeps a renamed account (new login, same git identity) from being
welcomed twice. A shallow clone cannot say who came before, so it makes the whole answer
unknown (the caller then welcomes nobody and says why).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from thismonth.config import ProjectConfig
from thismonth.errors import RepositoryError
from thismonth.sources.git_people import login_from_email
from thismonth.sources.git_run import GitFailed, run_git

_MERGE_LOGIN = re.compile(
    r"^(?:Merge pull request #\d+ from ([^/\s]+)/|Auto merge of #\d+ - ([^:\s]+):)"
)


def earlier_keys(
    paths: dict[str, Path], before: datetime
) -> tuple[set[str], dict[str, set[str]], list[str]]:
    """Lower-cased names, e-mails and logins seen in commits before ``before``; for each
    login that merged a branch (any time), the git names and e-mails of that branch's
    commits (so a renamed login is known by its git identity); and the reasons the answer
    is incomplete (a shallow clone, a clone git cannot read)."""
    keys: set[str] = set()
    aliases: dict[str, set[str]] = {}
    problems: list[str] = []
    limit = before.timestamp()
    for repo, path in paths.items():
        if (path / ".git" / "shallow").exists() or (path / "shallow").exists():
            problems.append(f"{repo}: a shallow clone hides who contributed before")
            continue
        try:
            out = run_git(
                path, ["log", "--branches", "--format=%H%x00%P%x00%ct%x00%an%x00%ae%x00%s%x00"]
            )
        except GitFailed as exc:
            problems.append(f"{repo}: git failed: {exc.message}")
            continue
        fields = out.split("\x00")
        who: dict[str, tuple[str, str]] = {}
        merges: list[tuple[str, str]] = []  # (login, merged head)
        for k in range(0, len(fields) - 5, 6):
            sha, parents, when, name, email, subject = (f.strip() for f in fields[k : k + 6])
            who[sha] = (name.lower(), email.lower())
            m = _MERGE_LOGIN.match(subject)
            heads = parents.split()
            if m and len(heads) > 1:
                merges.append(((m.group(1) or m.group(2)).lower(), heads[1]))
            if not when.isdigit() or int(when) >= limit:
                continue
            keys.update(x.lower() for x in (name, email) if x)
            login = login_from_email(email)
            if login:
                keys.add(login.lower())
            if m:
                keys.add((m.group(1) or m.group(2)).lower())
        for login, head in merges:
            if head in who:
                aliases.setdefault(login, set()).update(x for x in who[head] if x)
    return keys, aliases, problems


def clone_paths(source: object, projects: list[ProjectConfig]) -> tuple[dict[str, Path], list[str]]:
    """The clone of each project as the git source finds it."""
    paths: dict[str, Path] = {}
    problems: list[str] = []
    for project in projects:
        try:
            paths[project.repo] = source._path(project)  # type: ignore[attr-defined]
        except RepositoryError as exc:
            problems.append(str(exc))
    return paths, problems
