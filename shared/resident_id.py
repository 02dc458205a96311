"""Resident ID (居民身份证号码) normalisation and validation, GB 11643-1999.

The checksum, birth-date and birth-place checks are python-stdnum's `stdnum.cn.ric`;
this module only adds what department files get wrong before that check: full-width
characters, spaces and hyphens, lower-case x, and the old 15-digit form.
"""
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError


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


def clean(raw: str) -> str:
    """The ID's characters as typed, without separators: NFKC (full-width digits and Ｘ to
    ASCII), only letters and digits kept, upper case. No validation (the matcher compares
    invalid IDs too)."""
    if raw.isascii() and raw.isalnum():  # the usual case, without a pass per character
        return raw.upper()
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if ch.isalnum()).upper()


def upgrade_15(number: str) -> str:
    """15-digit IDs (before 1999) omit the century and the check character; all are 19xx births."""
    first17 = number[:6] + "19" + number[6:]
    # calc_check_digit expects a placeholder in the check position.
    return first17 + ric.calc_check_digit(first17 + "0")


def _validate(number: str) -> date:
    """`ric.validate` in the same order (length, format, check character, birth date, birth
    place), with the birth-place lookup cached: uncached it is most of the cost of a call."""
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
    if not _place_known(number[:6], birth.year):
        raise InvalidComponent()
    return birth


@lru_cache(maxsize=16384)
def _place_known(county: str, year: int) -> bool:
    try:
        ric.get_birth_place(f"{county}{year:04d}01010000")
    except (ValidationError, KeyError):
        # python-stdnum 2.2 raises KeyError('county') for an unknown county code under a known
        # prefecture (653102...): that is a bad region code too.
        return False
    return True


def truncated_by_spreadsheet(value: str) -> bool:
    """True when an 18-character ID has the shape a spreadsheet leaves after storing it as a
    number: Excel keeps 15 significant digits (IEEE 754 double, shown to 15 digits), so the
    last three characters (two sequence digits and the check character) come back as `000`.
    About one such ID in eleven still passes the check character, and a real ID can end in
    000 too, so this is a suspicion, not a verdict: such an ID must never link on its own."""
    return len(value) == 18 and value.endswith("000")


def normalise(raw: str) -> NormalisedId:
    """Normalise and validate a resident ID as a department sent it.

    Raises InvalidResidentId with reason one of: empty, bad_format, bad_length,
    bad_check_character, bad_birth_date_or_place.
    """
    if raw is None or not str(raw).strip():
        raise InvalidResidentId("empty", "resident ID is empty")
    number = clean(str(raw))
    if not number.isascii():
        # NFKC leaves non-decimal digits (e.g. Ethiopic) and letters of other scripts as they are.
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
    return NormalisedId(
        value=number,
        changed=number != raw,
        birth_date=birth,
        county_code=number[:6],
        gender="M" if int(number[16]) % 2 else "F",
    )
