"""Synthetic resident IDs for the acceptance tests: GB 11643-1999 check characters computed
with stdnum.cn.ric, county codes read from python-stdnum's own data file (stdnum/cn/loc.dat)."""
import re
from datetime import date
from functools import cache
from pathlib import Path

import stdnum.cn
from stdnum.cn import ric

LOC_DAT = Path(stdnum.cn.__file__).with_name("loc.dat")
RANGE = re.compile(r'county="\[(\d{4})?-(\d{4})?\][^",]*"$')  # one county, with its validity years


def with_check(first17: str) -> str:
    """17 digits completed with their GB 11643 check character (stdnum wants a placeholder)."""
    assert len(first17) == 17 and first17.isdigit(), first17
    return first17 + ric.calc_check_digit(first17 + "0")


def rid(county: str, born: date, seq: int) -> str:
    return with_check(f"{county}{born:%Y%m%d}{seq:03d}")


@cache
def county_ranges() -> dict[str, tuple[int | None, int | None]]:
    """6-digit code -> (first year, last year) for codes with ONE county name and a validity range."""
    out, province = {}, None
    for line in LOC_DAT.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        code, rest = line.strip().split(" ", 1)
        if m := RANGE.search(rest):
            out[province + code] = (int(m[1]) if m[1] else None, int(m[2]) if m[2] else None)
    return out


def created_after(year: int) -> list[tuple[str, int]]:
    """(code, first year) of every county code created after `year` and still in use."""
    return sorted((c, start) for c, (start, end) in county_ranges().items()
                  if start and start > year and end is None and not c.endswith("00"))


def retired() -> list[tuple[str, int]]:
    """(code, last year) of county codes that were withdrawn."""
    return sorted((c, end) for c, (start, end) in county_ranges().items() if end and not c.endswith("00"))
