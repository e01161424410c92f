"""The site's error, until the lead moves it into ``thismonth.errors`` (under ThisMonthError).

One line per problem, each naming the file, template or port, so a CI log says what to fix.
"""

from __future__ import annotations

from thismonth.errors import ThisMonthError


class SiteError(ThisMonthError):
    """The site could not be built, served or mailed; the previous build is left intact."""

    exit_code = 1

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.problems[0] if self.problems else "site build failed")

    def lines(self) -> list[str]:
        return list(self.problems)
