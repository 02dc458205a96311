"""Administrative divisions of Kashgar prefecture (喀什地区) for the synthetic registry.

The 12 county-level divisions (县市) and their codes are real (GB/T 2260, 6531xx).
Everything below county level is synthetic: township codes are the county code plus
three digits (towns 1xx, townships 2xx, following the statistical-code convention)
and village codes are the township code plus three digits (2xx, the convention for
village committees), 12 characters in all. No real township or village is named.

Sizes, approximate and for plausibility only:
- rural population weights are rough shares of each county's rural residents
  (7th census 2020 county totals, minus the urban part); 莎车 is by far the largest,
  塔什库尔干 the smallest;
- ~2,560 villages in the prefecture (the seed's "~2,500+"), of which 1,543 are
  flagged as formerly poor villages (贫困村): the Kashgar plan, chapter 1 section 1 (1543个贫困村全部出列).

The geography is a pure function of this file (fixed internal seed): the same
village codes come out whatever seed the household generator uses, so other
services and tests can rely on them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

#: Formerly poor villages in the prefecture (Kashgar plan, chapter 1 section 1).
FORMERLY_POOR_VILLAGES = 1_543

# Fixed so that the geography never depends on the household generator's seed.
_GEOGRAPHY_SEED = 6531


@dataclass(frozen=True, slots=True)
class County:
    """A county-level division (县市)."""

    code: str  # 6-digit administrative code
    name: str
    rural_weight: int  # relative rural population, thousands of residents (approx.)
    townships: int  # number of townships and towns (乡镇), approx.
    villages: int  # number of villages (村), approx.


@dataclass(frozen=True, slots=True)
class Village:
    """A synthetic village (村) with its place in the hierarchy."""

    code: str  # 12 characters: township code + 3 digits
    township_code: str  # 9 characters: county code + 3 digits
    county_code: str  # 6 characters
    formerly_poor: bool  # one of the formerly poor villages (贫困村)


COUNTIES: tuple[County, ...] = (
    County("653101", "喀什市", 150, 10, 110),
    County("653121", "疏附县", 300, 13, 219),
    County("653122", "疏勒县", 300, 15, 219),
    County("653123", "英吉沙县", 260, 14, 190),
    County("653124", "泽普县", 170, 13, 124),
    County("653125", "莎车县", 780, 36, 569),
    County("653126", "叶城县", 450, 21, 328),
    County("653127", "麦盖提县", 220, 11, 161),
    County("653128", "岳普湖县", 150, 9, 110),
    County("653129", "伽师县", 400, 13, 292),
    County("653130", "巴楚县", 300, 12, 219),
    County("653131", "塔什库尔干塔吉克自治县", 30, 12, 45),
)

COUNTY_BY_CODE: dict[str, County] = {c.code: c for c in COUNTIES}


def _township_codes(county: County) -> list[str]:
    # A third of them towns (镇, 1xx), the rest townships (乡, 2xx).
    towns = max(1, county.townships // 3)
    codes = [f"{county.code}{100 + i + 1:03d}" for i in range(towns)]
    codes += [f"{county.code}{200 + i + 1:03d}" for i in range(county.townships - towns)]
    return codes


@cache
def villages() -> tuple[Village, ...]:
    """All synthetic villages, ordered by code (deterministic, cached)."""
    rng = random.Random(_GEOGRAPHY_SEED)
    total = sum(c.villages for c in COUNTIES)
    out: list[Village] = []
    poor_left = FORMERLY_POOR_VILLAGES
    villages_left = total
    for county in COUNTIES:
        townships = _township_codes(county)
        # Spread the county's villages over its townships unevenly (at least 3 each).
        per_township = [3] * len(townships)
        for _ in range(county.villages - 3 * len(townships)):
            per_township[rng.randrange(len(townships))] += 1
        # Formerly poor villages in proportion to the county's village count,
        # so that the prefecture total is exactly FORMERLY_POOR_VILLAGES.
        poor_here = round(poor_left * county.villages / villages_left)
        poor_left -= poor_here
        villages_left -= county.villages
        poor_flags = [True] * poor_here + [False] * (county.villages - poor_here)
        rng.shuffle(poor_flags)
        k = 0
        for township, n in zip(townships, per_township):
            for j in range(n):
                out.append(Village(f"{township}{201 + j:03d}", township, county.code, poor_flags[k]))
                k += 1
    return tuple(out)
