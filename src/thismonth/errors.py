"""The exception tree, and the one place that decides exit codes.

Only the CLI turns these into exit codes; everything below it raises. Each error renders
itself as a single line that names the place (file, line, key, repository) and says what
to do, because editors read these in CI logs, not in a debugger.

    ThisMonthError            exit 1, a failure while doing the work
    ├── UsageError            exit 2, the command line or a month is wrong
    ├── ProblemsError         several one-line problems reported together
    │   ├── ConfigError       exit 2, thismonth.toml is wrong (every problem found)
    │   └── SiteError         exit 1, the site could not be built, served or mailed
    ├── SourceError           exit 1, a repository or API could not be read
    │   └── RepositoryError   exit 1, one repository is unusable (missing, empty, shallow)
    └── DraftError            exit 1, an existing draft cannot be merged safely
"""

from __future__ import annotations

import re


class ThisMonthError(Exception):
    """Base of every error thismonth reports to a user."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(ThisMonthError):
    exit_code = 2


class ProblemsError(ThisMonthError):
    """Every problem found in one pass, so the user fixes them all at once."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.problems[0] if self.problems else self.__class__.__name__)

    def lines(self) -> list[str]:
        return list(self.problems)


class ConfigError(ProblemsError):
    exit_code = 2


class SiteError(ProblemsError):
    """The site could not be built, served or mailed; the previous build is left intact."""


class SourceError(ThisMonthError):
    pass


class RepositoryError(SourceError):
    """One repository cannot be read; callers may warn and go on with the others."""

    def __init__(self, repo: str, message: str) -> None:
        self.repo = repo
        super().__init__(f"{repo}: {message}")


class DraftError(ThisMonthError):
    pass


def toml_error(exc: Exception) -> tuple[int | None, str]:
    """(line, reason) of a ``tomllib.TOMLDecodeError``: every TOML we read (the config, a
    Zola front matter) reports its syntax errors as ``file:line: reason`` through this."""
    text = str(exc)
    m = re.search(r"at line (\d+)", text)
    return (int(m.group(1)) if m else None), re.sub(r"\s*\(at line \d+, column \d+\)", "", text)
