"""Calendar months in the newsletter's time zone.

Git dates carry each committer's own offset; the newsletter decides its time zone once
(UTC by default) and every date is converted to it before it is compared with a month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from thismonth.errors import UsageError

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def zone(name: str) -> tzinfo:
    """A tzinfo for ``UTC``, an IANA name, or a fixed offset such as ``+02:00``."""
    if name.upper() in ("UTC", "Z"):
        return UTC
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name)
    if m:
        from datetime import timezone

        sign = 1 if m.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"unknown time zone {name!r}: use UTC, +02:00 or an IANA name") from exc


# Editors publish in the first days of the next month: work merged or released by then is
# work they can still write about ("published as" notes, PRs listed in the issue late).
PUBLICATION_GRACE = timedelta(days=10)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; ``until`` stretches its window past the last day.

    Editors publish in the first days of the next month and list PRs merged until then
    (``thismonth draft --until``). The month stays the same month for every comparison.
    """

    year: int
    month: int
    until: datetime | None = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> Month:
        m = _MONTH_RE.match(text.strip())
        if not m:
            raise UsageError(f"month {text!r}: expected YYYY-MM, for example 2022-04")
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise UsageError(f"month {text!r}: month must be 01 to 12")
        if year < 1970:
            raise UsageError(f"month {text!r}: year must be 1970 or later")
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def name(self) -> str:
        return MONTH_NAMES[self.month - 1]

    @property
    def label(self) -> str:
        return f"{self.name} {self.year}"

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def window(self, tz: tzinfo = UTC) -> tuple[datetime, datetime]:
        """[start, end) of the month as aware datetimes in ``tz``, stretched to ``until``."""
        start = datetime(self.year, self.month, 1, tzinfo=tz)
        nxt = self.next()
        end = datetime(nxt.year, nxt.month, 1, tzinfo=tz)
        if self.until is not None and self.until > end:
            end = self.until
        return start, end

    def with_until(self, day: date, tz: tzinfo = UTC) -> Month:
        """This month, its window stretched to the end of ``day`` (in ``tz``)."""
        end = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(days=1)
        natural = (
            self.window(tz)[1] if self.until is None else replace(self, until=None).window(tz)[1]
        )
        if end <= natural:
            raise UsageError(f"--until {day}: must be after the month {self} ends")
        if end - natural > timedelta(days=31):
            raise UsageError(f"--until {day}: at most a month after {self} ends")
        return replace(self, until=end)

    def publication_end(self, tz: tzinfo = UTC) -> datetime:
        """The latest moment the issue of this month is usually published by: the grace
        after the month (stretched by ``--until``) ends."""
        return self.window(tz)[1] + PUBLICATION_GRACE

    def contains(self, moment: datetime, tz: tzinfo = UTC) -> bool:
        start, end = self.window(tz)
        return start <= moment < end

    def check_not_future(self, now: datetime | None = None, tz: tzinfo = UTC) -> None:
        now = now or datetime.now(UTC)
        if self.window(tz)[0] > now:
            raise UsageError(f"month {self}: it has not started yet (today is {now.date()})")
