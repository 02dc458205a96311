"""Resident ID (居民身份证号码) normalisation and validation, GB 11643-1999.

The checksum and birth-date checks are python-stdnum's `stdnum.cn.ric`, the county codes its
data file; this module only adds what department files get wrong before that check: full-width
digits and X, spaces and hyphens, lower-case x, and the old 15-digit form (GB 11643-1989).
Nothing else is repaired: any other character refuses the ID.
"""
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from shared.contracts.types import EARLIEST_BIRTH  # the birth date bound of the contracts, for IDs too


class InvalidResidentId(ValueError):
    """The ID cannot be a valid resident ID; `reason` is a short machine-readable code."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class NormalisedId:
    """An 18-character resident ID that passed GB 11643, and what was changed to get there."""

    value: str
    changed: bool  # True when the input differed from `value` (the link method is then "normalised")
    birth_date: date
    county_code: str  # first six digits: the issuing county-level division
    gender: str  # 'M' or 'F', from the parity of the 17th digit


#: Separators people type between the groups of an ID: every Unicode space (category Zs: ASCII,
#: no-break, the typographic widths, full-width U+3000) and the hyphens and dashes of keyboards
#: and Chinese input methods (ASCII, ‐ ‑ ‒ – — ―, minus sign, small and full-width hyphen-minus).
SPACES = "\u0020\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_FOLD = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "\uff38": "X", "\uff58": "X",
                       **{chr(c): chr(c - 32) for c in range(ord("a"), ord("z") + 1)},
                       **dict.fromkeys(SPACES + HYPHENS)})
#: What a spreadsheet cell or a pasted line leaves around a value: removed at the ends only.
#: Not str.strip(), which also takes the information separators U+001C-U+001F, U+0085, VT and FF.
ENDS = SPACES + "\t\r\n"
#: GB 11643-1989 (the 15-digit form) gave people over 100 the sequence codes 996-999: their
#: century is 18, everybody else's 19.
CENTENARIAN_SEQUENCES = frozenset(("996", "997", "998", "999"))


#: What `clean` writes for a character that has no place in an ID in any form.
UNKNOWN = "\ufffd"


def _folded(raw: str) -> str:
    """Surrounding ENDS, SPACES and HYPHENS removed, full-width digits and Ｘ/ｘ to ASCII,
    ASCII letters upper case; every other character kept as it is."""
    if raw.isascii() and raw.isalnum():  # the usual case, without a pass per character
        return raw.upper()
    return raw.strip(ENDS).translate(_FOLD)


def clean(raw: str) -> str:
    """The ID's characters for comparison: separators removed and widths folded as `normalise`
    does; any character other than an ASCII letter or digit (an emoji, a zero-width space, a
    control character, a digit of another script) becomes UNKNOWN (U+FFFD), one character that
    agrees with nothing, so the matcher counts it as one edit. No validation: `normalise`
    refuses such an ID."""
    if raw.isascii() and raw.isalnum():  # the usual case: one call less than through _folded
        return raw.upper()
    text = _folded(raw)
    if text.isascii() and text.isalnum():
        return text
    return "".join(c if c.isascii() and c.isalnum() else UNKNOWN for c in text)


def upgrade_15(number: str) -> str:
    """The 18-character form of a 15-digit ID (GB 11643-1989, before 1999), which omits the
    century and the check character: 18 for the sequences 996-999 (people over 100), else 19."""
    century = "18" if number[12:15] in CENTENARIAN_SEQUENCES else "19"
    first17 = number[:6] + century + number[6:]
    # calc_check_digit expects a placeholder in the check position.
    return first17 + ric.calc_check_digit(first17 + "0")


def _validate(number: str) -> date:
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


def _forbidden_character(number: str) -> str | None:
    """The first character of a cleaned ID that is neither a letter nor a digit, described by its
    code point and Unicode name (never the ID itself), or None."""
    ch = None if number.isalnum() else next((c for c in number if not c.isalnum()), None)
    if ch is None:
        return None
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '') or _UNNAMED.get(unicodedata.category(ch), 'character')}"


def normalise(raw: str) -> NormalisedId:
    """Normalise and validate a resident ID as a department sent it.

    Removed: surrounding whitespace, SPACES and HYPHENS anywhere; folded: full-width digits and
    X, lower-case x. A 15-digit ID is upgraded (`upgrade_15`). Raises InvalidResidentId with
    reason one of: empty, bad_character (anything else that is not a letter or digit: an emoji,
    a zero-width space, a control character, `.` or `/`), bad_format, bad_length,
    bad_check_character, bad_birth_date_or_place. Messages never contain the ID.
    """
    if raw is None or not str(raw).strip(ENDS):
        raise InvalidResidentId("empty", "resident ID is empty")
    number = _folded(str(raw))
    if (bad := _forbidden_character(number)) is not None:
        raise InvalidResidentId("bad_character", f"resident ID contains {bad}: only the digits 0-9, X, spaces and "
                                                 "hyphens may be written in it")
    if not number.isascii():
        # Letters of other scripts and non-ASCII digits (Ethiopic, Arabic-Indic, circled) are not folded.
        raise InvalidResidentId("bad_format", "resident ID must use the digits 0-9 and X only")
    if len(number) == 15 and number.isdigit():
        number = upgrade_15(number)
    try:
        birth = _validate(number)
    except InvalidLength:
        raise InvalidResidentId("bad_length", f"resident ID must have 18 characters (or 15 digits), got {len(number)}") from None
    except InvalidFormat:
        raise InvalidResidentId("bad_format", "resident ID must be 17 digits followed by a digit or X") from None
    except InvalidChecksum:
        raise InvalidResidentId("bad_check_character", "resident ID check character does not match (GB 11643-1999)") from None
    except (InvalidComponent, ValidationError):
        raise InvalidResidentId("bad_birth_date_or_place", "resident ID has an impossible birth date or region code") from None
    if birth > date.today():
        raise InvalidResidentId("bad_birth_date_or_place", "resident ID has a birth date in the future")
    if birth < EARLIEST_BIRTH:
        raise InvalidResidentId("bad_birth_date_or_place", "resident ID has a birth date before 1800")
    return NormalisedId(
        value=number,
        changed=number != raw,
        birth_date=birth,
        county_code=number[:6],
        gender="M" if int(number[16]) % 2 else "F",
    )
