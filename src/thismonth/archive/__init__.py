"""The newsletter's own archive: published issues read back into records.

An archive says what a config makes an editor type by hand (projects, descriptions,
maintainers, sections, texts) and, in its listed and commented-out lines, which PRs the
editors chose to show. ``init --archive`` and the learned habits of ``draft`` read it here.
It sits beside the other sources: it imports only Markdown-level helpers.
"""

from thismonth.archive.find import Archive, read_archive
from thismonth.archive.parse import parse_issue
from thismonth.archive.records import (
    ArchivedIssue,
    ArchivedItem,
    ArchivedProject,
    ArchivedSection,
    LinkedPerson,
)

__all__ = [
    "Archive",
    "ArchivedIssue",
    "ArchivedItem",
    "ArchivedProject",
    "ArchivedSection",
    "LinkedPerson",
    "parse_issue",
    "read_archive",
]
