"""Resident ID (居民身份证号码) normalisation and validation, GB 11643-1999.

The checksum, birth-date and birth-place checks are python-stdnum's `stdnum.cn.ric`;
this module only adds what department files get wrong before that check: full-width
characters, spaces and hyphens, lower-case x, and the old 15-digit form.
"""
import unicodedata
from dataclasses import dataclass
from datetime import date

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


def _clean(raw: str) -> str:
    # NFKC folds full-width digits and Ｘ to ASCII; then drop every separator people type.
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if ch.isalnum()).upper()


def _upgrade_15(number: str) -> str:
    """15-digit IDs (before 1999) omit the century and the check character; all are 19xx births."""
    first17 = number[:6] + "19" + number[6:]
    # calc_check_digit expects a placeholder in the check position.
    return first17 + ric.calc_check_digit(first17 + "0")


def normalise(raw: str) -> NormalisedId:
    """Normalise and validate a resident ID as a department sent it.

    Raises InvalidResidentId with reason one of: empty, bad_format, bad_length,
    bad_check_character, bad_birth_date_or_place.
    """
    if raw is None or not str(raw).strip():
        raise InvalidResidentId("empty", "resident ID is empty")
    number = _clean(str(raw))
    if not number.isascii():
        # NFKC leaves non-decimal digits (e.g. Ethiopic) and letters of other scripts as they are.
        raise InvalidResidentId("bad_format", "resident ID must use the digits 0-9 and X only")
    if len(number) == 15 and number.isdigit():
        number = _upgrade_15(number)
    try:
        number = ric.validate(number)
    except InvalidLength:
        raise InvalidResidentId("bad_length", f"resident ID must have 18 characters (or 15 digits), got {len(number)}") from None
    except InvalidFormat:
        raise InvalidResidentId("bad_format", "resident ID must be 17 digits followed by a digit or X") from None
    except InvalidChecksum:
        raise InvalidResidentId("bad_check_character", "resident ID check character does not match (GB 11643-1999)") from None
    except (InvalidComponent, ValidationError):
        raise InvalidResidentId("bad_birth_date_or_place", "resident ID has an impossible birth date or region code") from None
    birth = ric.get_birth_date(number)
    if birth > date.today():
        raise InvalidResidentId("bad_birth_date_or_place", "resident ID has a birth date in the future")
    return NormalisedId(
        value=number,
        changed=number != raw,
        birth_date=birth,
        county_code=number[:6],
        gender="M" if int(number[16]) % 2 else "F",
    )
