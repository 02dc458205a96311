"""Blocking: which registry persons a record without a usable resident ID is compared with.

Every registry person has three keys in monitor.match_keys (004_matching.sql), each row
with the fields the matcher compares:
  v<village code><birth year>        about 10 people per key (775 per village / 80 years)
  d<county code><birth date>         about 3 people per key
  n<village code><pinyin initial>    the first letter of the name's pinyin, about 50 per key
A record asks for the keys it can build (a day-month swap of its date too) plus the valid IDs
one edit away from its invalid ID. Each key holds people of one village, county or day, so
the cost per record does not grow with the registry. All records of a batch go in ONE query
(unnest of keys joined to the key index; DESIGN.md section 10).
"""
from __future__ import annotations

from datetime import date

import asyncpg

from .names.sound import initial
from .comparisons.prepared import Prepared

CANDIDATES_SQL = """
SELECT k.ord, mk.resident_id, mk.household_id, mk.name, mk.gender, mk.birth_date, mk.village_code
FROM unnest($1::int[], $2::text[]) AS k(ord, block_key)
JOIN monitor.match_keys mk ON mk.block_key = k.block_key
UNION
SELECT n.ord, p.resident_id, p.household_id, p.name, p.gender, p.birth_date, hh.village_code
FROM unnest($3::int[], $4::text[]) AS n(ord, resident_id)
JOIN monitor.persons p ON p.resident_id = n.resident_id
JOIN monitor.households hh ON hh.household_id = p.household_id
"""

_DIGITS = "0123456789"


def village_year_key(village: str, year: int) -> str:
    return f"v{village}{year:04d}"


def county_date_key(county: str, day: date) -> str:
    return f"d{county}{day:%Y%m%d}"


def village_initial_key(village: str, initial: str) -> str:
    return f"n{village}{initial}"


def _swapped(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    return date(day.year, day.day, day.month)


def _date_in_id(text: str) -> date | None:
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
        id_day = _date_in_id(rec.resident_id)
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


# GB 11643-1999 check character: weights 2^(17-i) mod 11; CHECK[sum % 11].
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_INV = {w: pow(w, -1, 11) for w in set(_W)}


def _checksum(body17: str) -> int:
    return sum(int(c) * w for c, w in zip(body17, _W)) % 11


def _fits(candidate: str) -> bool:
    # python-stdnum's trick: the weighted sum mod 11 in one int() call; (1 - 2*n) % 11 is the check value.
    if len(candidate) != 18 or not candidate[:17].isdigit():
        return False
    check = (1 - 2 * int(candidate[:17], 13)) % 11
    return candidate[17] == ("X" if check == 10 else str(check))


def id_neighbours(text: str | None) -> list[str]:
    """Valid IDs one substitution, adjacent transposition, insertion or deletion away from an
    invalid ID (GB 11643's check character catches every such single error)."""
    if not text or _fits(text):
        return []
    options: set[str] = set()
    n = len(text)
    if n == 18:
        if text[:17].isdigit() and text[17] in _CHECK:
            s, target = _checksum(text[:17]), _CHECK.index(text[17])
            for i in range(17):  # the one digit at position i that would make the check character fit
                d = (int(text[i]) + (target - s) * _INV[_W[i]]) % 11
                if d < 10 and d != int(text[i]):
                    options.add(text[:i] + str(d) + text[i + 1:])
            options.add(text[:17] + _CHECK[s])  # the check character itself was mistyped
        for i in range(17):  # includes an X moved into the body by a swap with the last digit
            options.add(text[:i] + text[i + 1] + text[i] + text[i + 2:])
        for i in (i for i in range(17) if not text[i].isdigit()):
            options.update(text[:i] + d + text[i + 1:] for d in _DIGITS)
    elif n == 17:
        for i in range(18):
            for d in _DIGITS + ("X" if i == 17 else ""):
                options.add(text[:i] + d + text[i:])
    elif n == 19:
        options.update(text[:i] + text[i + 1:] for i in range(19))
    # Region codes are not checked here (slow in python-stdnum): the registry lookup drops IDs nobody has.
    return sorted(o for o in options if _fits(o) and _date_in_id(o) is not None)


async def fetch_candidates(conn: asyncpg.Connection, keys: list[tuple[int, str]],
                           neighbours: list[tuple[int, str]]) -> list[asyncpg.Record]:
    """One round trip for a whole batch: (ord, block_key) and (ord, resident_id) pairs in,
    (ord, registry person) rows out."""
    if not keys and not neighbours:
        return []
    k_ord, k_key = zip(*keys) if keys else ((), ())
    n_ord, n_id = zip(*neighbours) if neighbours else ((), ())
    return await conn.fetch(CANDIDATES_SQL, list(k_ord), list(k_key), list(n_ord), list(n_id))
