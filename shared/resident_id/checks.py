"""GB 11643 checks of a cleaned resident ID (python-stdnum's `stdnum.cn.ric`, its county table
cached and read for any year), the old 15-digit form, and a spreadsheet's damage."""
from __future__ import annotations

import unicodedata
from datetime import date
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

#: GB 11643-1989 (the 15-digit form) gave people over 100 the sequence codes 996-999: their
#: century is 18, everybody else's 19.
CENTENARIAN_SEQUENCES = frozenset(("996", "997", "998", "999"))


def upgrade_15(number: str) -> str:
    """The 18-character form of a 15-digit ID (GB 11643-1989, before 1999), which omits the
    century and the check character: 18 for the sequences 996-999 (people over 100), else 19."""
    century = "18" if number[12:15] in CENTENARIAN_SEQUENCES else "19"
    first17 = number[:6] + century + number[6:]
    # calc_check_digit expects a placeholder in the check position.
    return first17 + ric.calc_check_digit(first17 + "0")


def validate(number: str) -> date:
    """`ric.validate` in the same order (length, format, check character, birth date, birth
    place), with the birth-place lookup cached (uncached it is most of the cost of a call) and
    without its birth-year condition on the county code (see `_place_known`)."""
    if len(number) != 18:
        raise InvalidLength()
    if not number[:-1].isdigit():
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidComponent() from None
    if not _place_known(number[:6]):
        raise InvalidComponent()
    return birth


@lru_cache(maxsize=16384)
def _place_known(county: str) -> bool:
    """True when python-stdnum's county table (stdnum/cn/loc.dat) lists the code at all.

    The table dates each code (`[1983-]和田市`) and `ric.validate` refuses an ID whose birth year
    falls outside those years, but a resident keeps the code of the place that issued the ID:
    a person born in 1950 near Hotan holds a 653201 ID issued after the city was created in
    1983. So any code that ever existed is accepted, whatever the birth year."""
    parts = numdb.get("cn/loc").info(county)
    # [('65', {'province': ...}), ('3101', {'county': ...})]; an unknown county has {} (653102).
    return any(props.get("county") for _, props in parts)


def truncated_by_spreadsheet(value: str) -> bool:
    """True when an 18-character ID has the shape a spreadsheet leaves after storing it as a
    number: Excel keeps 15 significant digits (IEEE 754 double, shown to 15 digits), so the
    last three characters (two sequence digits and the check character) come back as `000`.
    About one such ID in eleven still passes the check character, and a real ID can end in
    000 too, so this is a suspicion, not a verdict: such an ID must never link on its own."""
    return len(value) == 18 and value.endswith("000")


_UNNAMED = {"Cc": "control character", "Co": "private-use character", "Cn": "unassigned character",
            "Cs": "lone surrogate"}


def forbidden_character(number: str) -> str | None:
    """The first character of a cleaned ID that is neither a letter nor a digit, described by its
    code point and Unicode name (never the ID itself), or None."""
    ch = None if number.isalnum() else next((c for c in number if not c.isalnum()), None)
    if ch is None:
        return None
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '') or _UNNAMED.get(unicodedata.category(ch), 'character')}"
