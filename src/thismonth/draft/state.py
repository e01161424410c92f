"""Where the last generated text of a month is kept: the base of the next merge.

``<config folder>/.thismonth/generated/YYYY-MM.md``, plain Markdown. Commit it with the
issue (the newsletter's CI re-drafts from a fresh checkout): without it a re-draft still
keeps every edit, but cannot tell an item people deleted from a new one.
"""

from __future__ import annotations

from pathlib import Path

from thismonth.config import Config
from thismonth.months import Month


def state_dir(config: Config) -> Path:
    return config.root / ".thismonth" / "generated"


def state_path(config: Config, month: Month) -> Path:
    return state_dir(config) / f"{month}.md"
