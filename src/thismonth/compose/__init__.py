"""Compose: apply the newsletter's editorial policy to activity, giving a document model."""

from thismonth.compose.build import build_issue
from thismonth.compose.document import IssueDoc

__all__ = ["IssueDoc", "build_issue"]
