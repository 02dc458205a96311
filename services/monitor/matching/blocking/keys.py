"""A record's block keys (the forms of monitor.match_keys.block_key, 004_matching.sql)."""
from __future__ import annotations

from datetime import date

from ..comparisons.prepared import Prepared
from ..names.sound import initial


def village_year_key(village: str, year: int) -> str:
    return f"v{village}{year:04d}"


def county_date_key(county: str, day: date) -> str:
    return f"d{county}{day:%Y%m%d}"


def village_initial_key(village: str, first_letter: str) -> str:
    return f"n{village}{first_letter}"


def _swapped(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    return date(day.year, day.day, day.month)


def date_in_id(text: str) -> date | None:
    """The birth date written in digits 7-14 of an ID, None if they are no date."""
    try:
        return date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None


def record_keys(rec: Prepared) -> set[str]:
    """Block keys of a record: village+year, county+date (and its swap), village+initial."""
    keys: set[str] = set()
    county = rec.village[:6] if rec.village else None
    if rec.resident_id and rec.resident_id[:6].isdigit():
        county = county or rec.resident_id[:6]
        id_day = date_in_id(rec.resident_id)
        if id_day:
            keys.add(county_date_key(rec.resident_id[:6], id_day))
    if rec.birth_date:
        if rec.village:
            keys.add(village_year_key(rec.village, rec.birth_date.year))
        if county:
            for day in (rec.birth_date, _swapped(rec.birth_date)):
                if day:
                    keys.add(county_date_key(county, day))
    if rec.village and rec.name and not rec.birth_date:
        # Without a birth date the village+year key is unknown: fall back to the name's initial.
        keys.add(village_initial_key(rec.village, initial(rec.name.whole)))
    return keys
