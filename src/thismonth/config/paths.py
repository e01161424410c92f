"""Where a month's files go, from the config's placeholders.

``newsletter.output`` and ``newsletter.title`` are templates with the same placeholders;
the validator in ``schema`` and every user of them share this one list.
"""

from __future__ import annotations

from pathlib import Path

from thismonth.config.schema import Config
from thismonth.months import Month


def template_fields(config: Config, month: Month) -> dict[str, object]:
    """The placeholders of ``title``, ``intro`` and ``output`` for ``month``."""
    return {
        "name": config.newsletter.name,
        "month": str(month),
        "month_label": month.label,
        "month_name": month.name,
        "year": month.year,
        "mm": f"{month.month:02d}",
    }


def output_path(config: Config, month: Month) -> Path:
    """Where the month's issue lives: ``newsletter.output`` relative to the config's folder."""
    relative = Path(config.newsletter.output.format(**template_fields(config, month)))
    return relative if relative.is_absolute() else config.root / relative
