from datetime import UTC, datetime, timedelta, timezone

import pytest

from thismonth.errors import UsageError
from thismonth.months import Month, zone


def test_parse_and_window() -> None:
    m = Month.parse("2022-04")
    start, end = m.window()
    assert start == datetime(2022, 4, 1, tzinfo=UTC)
    assert end == datetime(2022, 5, 1, tzinfo=UTC)
    assert m.label == "April 2022"
    assert str(m.next()) == "2022-05"
    assert str(Month.parse("2022-12").next()) == "2023-01"
    assert str(Month.parse("2023-01").previous()) == "2022-12"


@pytest.mark.parametrize("bad", ["2022-13", "2022-00", "22-04", "April", "2022-4"])
def test_bad_months(bad: str) -> None:
    with pytest.raises(UsageError, match="month"):
        Month.parse(bad)


def test_offset_dates_convert_to_the_newsletter_zone() -> None:
    # 00:30 on May 1st in UTC+2 is April 30th in UTC.
    moment = datetime(2022, 5, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert Month.parse("2022-04").contains(moment)
    assert not Month.parse("2022-04").contains(moment, zone("+02:00"))


def test_future_month_is_refused() -> None:
    with pytest.raises(UsageError, match="not started"):
        Month.parse("2031-01").check_not_future(now=datetime(2026, 11, 25, tzinfo=UTC))
