"""The editor's month: re-draft without losing edits, contributed sections, check, publish."""

from thismonth.draft.merge import merge_draft

__all__ = ["merge_draft"]
