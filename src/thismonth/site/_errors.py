"""The site's error lives in ``thismonth.errors``; re-exported for the site modules."""

from thismonth.errors import SiteError

__all__ = ["SiteError"]
