"""Kashgar's official time (Asia/Shanghai): local dates such as due dates are taken in it."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def local_date(at: datetime) -> date:
    """The calendar date of timezone-aware `at` in Kashgar's official time."""
    return at.astimezone(LOCAL_TZ).date()
