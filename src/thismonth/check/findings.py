"""What a check finds, and the two ways it is shown: lines for people, annotations for CI."""

from __future__ import annotations

from dataclasses import dataclass, field

from thismonth.errors import ThisMonthError

ERROR = "error"
WARNING = "warning"
NOTE = "note"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str
    severity: str = ERROR

    def text(self) -> str:
        """``file:line: rule: message``; warnings say so after the rule."""
        kind = "" if self.severity == ERROR else f"{self.severity}: "
        return f"{self.path}:{self.line}: {self.rule}: {kind}{self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command: an annotation on the file and line."""
        level = {ERROR: "error", WARNING: "warning"}.get(self.severity, "notice")
        props = f"file={_prop(self.path)},line={self.line},title={_prop(self.rule)}"
        return f"::{level} {props}::{_data(self.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # rules skipped, tools missing

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def extend(self, other: Report) -> None:
        self.findings.extend(other.findings)
        for note in other.notes:
            if note not in self.notes:
                self.notes.append(note)


class CheckFailed(ThisMonthError):
    """The check found errors (each already printed): exit 1 with the summary."""
