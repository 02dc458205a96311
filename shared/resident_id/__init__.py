"""Resident ID (居民身份证号码) normalisation and validation, GB 11643-1999.

The checksum and birth-date checks are python-stdnum's `stdnum.cn.ric`, the county codes its
data file; this module only adds what department files get wrong before that check: full-width
digits and X, spaces and hyphens, lower-case x, and the old 15-digit form (GB 11643-1989).
Nothing else is repaired: any other character refuses the ID.
Parts: text (separators and widths, `clean`), checks (GB 11643 checks, `upgrade_15`,
`truncated_by_spreadsheet`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from shared.contracts.types import EARLIEST_BIRTH  # the birth date bound of the contracts, for IDs too

from .checks import forbidden_character, truncated_by_spreadsheet, upgrade_15, validate
from .text import ENDS, HYPHENS, SPACES, UNKNOWN, clean, folded

__all__ = ["ENDS", "HYPHENS", "SPACES", "UNKNOWN", "InvalidResidentId", "NormalisedId", "clean", "normalise",
           "truncated_by_spreadsheet", "upgrade_15"]


_FIRST_DAY = date.today()


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
    number = folded(str(raw))
    if (bad := forbidden_character(number)) is not None:
        raise InvalidResidentId("bad_character", f"resident ID contains {bad}: only the digits 0-9, X, spaces and "
                                                 "hyphens may be written in it")
    if not number.isascii():
        # Letters of other scripts and non-ASCII digits (Ethiopic, Arabic-Indic, circled) are not folded.
        raise InvalidResidentId("bad_format", "resident ID must use the digits 0-9 and X only")
    if len(number) == 15 and number.isdigit():
        number = upgrade_15(number)
    try:
        birth = validate(number)
    except InvalidLength:
        raise InvalidResidentId("bad_length", f"resident ID must have 18 characters (or 15 digits), got {len(number)}") from None
    except InvalidFormat:
        raise InvalidResidentId("bad_format", "resident ID must be 17 digits followed by a digit or X") from None
    except InvalidChecksum:
        raise InvalidResidentId("bad_check_character", "resident ID check character does not match (GB 11643-1999)") from None
    except (InvalidComponent, ValidationError):
        raise InvalidResidentId("bad_birth_date_or_place", "resident ID has an impossible birth date or region code") from None
    # Days only go forward: a birth date before the first day this process saw is never in the
    # future, so date.today() (a clock read per ID, most of the cost in bulk) is asked only near it.
    if birth >= _FIRST_DAY and birth > date.today():
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
