"""Synthetic household registry for Kashgar prefecture (deterministic with a seed).

Everything produced here is synthetic: names are combined from lists, resident IDs
are made up (valid under GB 11643-1999 but assigned to nobody), incomes are drawn.

Calibration (the Kashgar plan, chapters 1 and 2):
- 294,800 households / 1,195,700 people: household sizes 1..9 with mean ~4.06
  (rural Kashgar; 1,195,700 / 294,800 = 4.056);
- 47,564 households under the monitoring line of 8,000 yuan per capita per year,
  of which 33,616 formerly poor (脱贫户) and 13,948 marginal (边缘易致贫户);
  general households (一般农户) are never under the line (one under the line would
  be classed marginal). The seed gives 220,408 people in those households, so
  households under the line are larger (4.63 persons): the chance of being under
  the line grows with household size.
- The seed does not give the registry's split by category; we assume 80 % formerly
  poor, 7 % marginal, 13 % general. Under-line shares per category follow from it.

Counts scale with the number of households: at the default size the count under
the line lands within about 1 % of 47,564 (binomial spread ~0.4 %).
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import NormalDist

from stdnum.cn import ric

# The row shapes are the loader's (production); the generator only fills them.
from services.monitor.registry.rows import (
    HOUSEHOLD_COLUMNS,
    MONITORING_LINE_YUAN,
    PERSON_COLUMNS,
    Household,
    Person,
    is_under_line,
)

from . import names
from .kashgar import COUNTIES, Village, villages

# ---- seed figures and calibration constants ------------------------------------

DEFAULT_HOUSEHOLDS = 294_800
DEFAULT_SEED = 20260101

INCOME_YEAR = 2025
#: Ages and labour capacity are counted at this date.
REFERENCE_DATE = date(2026, 1, 1)

SEED_HOUSEHOLDS = 294_800
SEED_UNDER_LINE = {"formerly_poor": 33_616, "marginal": 13_948, "general": 0}
SEED_UNDER_LINE_HOUSEHOLDS = 47_564
SEED_UNDER_LINE_PERSONS = 220_408

CATEGORIES = ("formerly_poor", "marginal", "general")
#: Assumed category shares of the registry (the seed does not give them).
CATEGORY_SHARES = (0.80, 0.07, 0.13)

#: P(household size = 1..9); mean 4.06 persons.
SIZE_PMF = (0.07, 0.13, 0.18, 0.235, 0.19, 0.11, 0.05, 0.025, 0.01)
#: Size tilt of the chance of being under the line, per member above the mean
#: (chosen so that households under the line average ~4.6 persons, as in the seed).
UNDER_LINE_SIZE_TILT = 0.19
_UNDER_LINE_CAP = 0.95

#: Income distributions, yuan per capita per year: lognormal (median, sigma),
#: truncated to [low, line) for households under the line and [line, high) above it.
#: Medians are plausible for rural Kashgar in 2025 (rural disposable income around
#: 15,000 to 17,000 yuan); marginal households stay below 1.5 times the line.
_INCOME = {
    "formerly_poor": (12_500.0, 0.45, 4_000.0, 60_000.0),
    "marginal": (7_200.0, 0.25, 3_500.0, 12_000.0),
    "general": (16_000.0, 0.40, 8_000.0, 80_000.0),
}

#: Share of Han households per county (the rest Uyghur; Tajik in Tashkurgan).
#: Rough, for plausibility: rural Kashgar is about nine in ten Uyghur.
_HAN_SHARE = {
    "653101": 0.14, "653121": 0.04, "653122": 0.07, "653123": 0.04, "653124": 0.14,
    "653125": 0.05, "653126": 0.06, "653127": 0.08, "653128": 0.06, "653129": 0.04,
    "653130": 0.12, "653131": 0.06,
}
#: Chance that a person of working age cannot work (illness, disability).
_UNABLE_TO_WORK = 0.05
WORKING_AGE = (16, 60)

# Patronymic / surname sources for people whose father is not in the household.
_ANCESTOR = -2  # the head's paternal line (head's absent father, or his father)
_ABSENT_FATHER = -3  # father of the head's children, not in the household
_ABSENT_SON_IN_LAW = -4  # father of the grandchildren, not in the household
_UNRELATED = -1  # someone who married in, or a parent: own random father

_DAYS_PER_YEAR = 365.2425
_check_character = ric.calc_check_digit
_new_tuple = tuple.__new__  # builds a NamedTuple without a Python-level __new__ call


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a set of households."""

    households: int
    persons: int
    under_line_households: int
    under_line_persons: int

    @property
    def mean_size(self) -> float:
        return self.persons / self.households if self.households else 0.0


def households_summary(households: Iterable[Household]) -> Summary:
    """Count households, persons and those under the monitoring line."""
    h = p = uh = up = 0
    for hh in households:
        h += 1
        p += hh.members
        if hh.income_per_capita_yuan < MONITORING_LINE_YUAN:
            uh += 1
            up += hh.members
    return Summary(h, p, uh, up)


# ---- calibration helpers (pure) ------------------------------------------------

def _size_mean() -> float:
    return sum((i + 1) * p for i, p in enumerate(SIZE_PMF))


def expected_persons(households: int) -> int:
    """Persons that `households` generated households hold on average (SIZE_PMF's mean, ~4.06 each)."""
    return round(households * _size_mean())


def _under_line_probabilities(target: float) -> tuple[float, ...]:
    """P(under the line | size) for sizes 1..9, averaging `target` over SIZE_PMF."""
    if target <= 0:
        return (0.0,) * len(SIZE_PMF)
    mean = _size_mean()
    tilt = [max(0.05, 1 + UNDER_LINE_SIZE_TILT * (i + 1 - mean)) for i in range(len(SIZE_PMF))]

    def average(scale: float) -> float:
        return sum(p * min(_UNDER_LINE_CAP, scale * w) for p, w in zip(SIZE_PMF, tilt))

    lo, hi = 0.0, 1.0 / min(tilt)
    for _ in range(60):  # bisection: the capped average is monotone in scale
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if average(mid) < target else (lo, mid)
    return tuple(min(_UNDER_LINE_CAP, hi * w) for w in tilt)


def _under_line_table() -> dict[str, tuple[float, ...]]:
    table = {}
    for category, share in zip(CATEGORIES, CATEGORY_SHARES):
        target = SEED_UNDER_LINE[category] / (SEED_HOUSEHOLDS * share)
        table[category] = _under_line_probabilities(target)
    return table


class _Truncated:
    """Lognormal truncated to [low, high): inverse-CDF draws from a uniform."""

    __slots__ = ("mu", "sigma", "a", "width")
    _N = NormalDist()

    def __init__(self, median: float, sigma: float, low: float, high: float) -> None:
        self.mu, self.sigma = math.log(median), sigma
        self.a = self._N.cdf((math.log(low) - self.mu) / sigma)
        self.width = self._N.cdf((math.log(high) - self.mu) / sigma) - self.a

    def draw(self, u: float) -> float:
        q = self.a + u * self.width
        q = min(max(q, 1e-12), 1 - 1e-12)
        return math.exp(self.mu + self.sigma * self._N.inv_cdf(q))


def _yuan(value: float) -> Decimal:
    """Decimal yuan with 2 places, rounded down (so a draw below the line stays below)."""
    cents = int(value * 100)
    return Decimal("%d.%02d" % divmod(cents, 100))


# ---- the generator -------------------------------------------------------------

class _Generator:
    """One run: holds the random source and the caches that keep it fast."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.ref_ord = REFERENCE_DATE.toordinal()
        self._dates: dict[int, tuple[date, str, int]] = {}
        self._id_counters: dict[str, list[int]] = {}
        self._size_cdf = _cumulative(SIZE_PMF)
        self._category_cdf = _cumulative(CATEGORY_SHARES)
        self._under = _under_line_table()
        self._income_under: dict[str, _Truncated] = {}
        self._income_over: dict[str, _Truncated] = {}
        line = float(MONITORING_LINE_YUAN)
        for cat, (median, sigma, low, high) in _INCOME.items():
            self._income_under[cat] = _Truncated(median, sigma, min(low, line - 1), line)
            self._income_over[cat] = _Truncated(median, sigma, line, high)

    # -- small draws (random() is the fast primitive; choice/randint are slow) --

    def _pick(self, seq: tuple[str, ...]) -> str:
        return seq[int(self.rnd() * len(seq))]

    def _int(self, low: int, high: int) -> int:
        """Uniform integer in [low, high]."""
        return low + int(self.rnd() * (high - low + 1))

    # -- dates and resident IDs --

    def _date(self, ordinal: int) -> tuple[date, str, int]:
        """(date, 'YYYYMMDD', age in whole years at REFERENCE_DATE), cached."""
        hit = self._dates.get(ordinal)
        if hit is None:
            d = date.fromordinal(ordinal)
            ref = REFERENCE_DATE
            age = ref.year - d.year - ((ref.month, ref.day) < (d.month, d.day))
            hit = self._dates[ordinal] = (d, d.strftime("%Y%m%d"), age)
        return hit

    def _resident_id(self, county: str, ordinal: int, gender: str) -> tuple[str, tuple[date, str, int]]:
        """A unique resident ID and the (date, 'YYYYMMDD', age) of the birth day it encodes.

        Sequence digits 15-17 count up per county and birth day from a random start,
        odd for men and even for women; if a day is full (500 per sex) the birth day
        moves one day earlier.
        """
        dates = self._dates
        while True:
            day = dates.get(ordinal) or self._date(ordinal)
            prefix = county + day[1]
            counter = self._id_counters.get(prefix)
            if counter is None:
                counter = self._id_counters[prefix] = [int(self.rnd() * 499), 0, 0]
            if gender == "M":
                if counter[1] < 500:
                    seq = 2 * ((counter[0] + counter[1]) % 500) + 1
                    counter[1] += 1
                    break
            elif counter[2] < 499:
                seq = 2 * ((counter[0] + counter[2]) % 499) + 2
                counter[2] += 1
                break
            ordinal -= 1
        first17 = "%s%03d" % (prefix, seq)
        # python-stdnum's calc_check_digit ignores the last character of its argument
        # (it expects all 18), so a placeholder check character is appended.
        return first17 + _check_character(first17 + "0"), day

    # -- household composition --

    def _children(self, k: int, youngest_max: int = 14) -> list[int]:
        """Ages of k siblings, oldest first, all in 0..25."""
        if k == 0:
            return []
        ages = [self._int(0, youngest_max)]
        top = 3 if k >= 4 else 4
        for _ in range(k - 1):
            ages.append(ages[-1] + self._int(1, top))
        if ages[-1] > 25:  # shift the family younger, then squeeze the gaps
            shift = min(ages[0], ages[-1] - 25)
            ages = [a - shift for a in ages]
            if ages[-1] > 25:
                ages = [min(a, 25) for a in ages]
        ages.reverse()
        return ages

    def _compose(self, size: int) -> list[list]:
        """Members as [relation, gender, age, father], head first.

        `father` is the index of the person's father in the list, or one of the
        _ANCESTOR/_ABSENT_FATHER/_ABSENT_SON_IN_LAW/_UNRELATED markers.
        """
        r = self.rnd()
        if size == 1:
            if r < 0.55:  # elderly living alone, mostly widows
                return [["head", "F" if self.rnd() < 0.6 else "M", self._int(60, 88), _ANCESTOR]]
            return [["head", "M" if self.rnd() < 0.65 else "F", self._int(22, 59), _ANCESTOR]]
        if size == 2:
            if r < 0.40:
                return self._couple(self._int(58, 82), [])
            if r < 0.55:
                return self._couple(self._int(21, 35), [])
            if r < 0.80:
                return self._single_parent(1)
            head_age = self._int(22, 50)
            members = [["head", "M" if self.rnd() < 0.7 else "F", head_age, _ANCESTOR]]
            return self._add_parents(members, 1)
        if size >= 4 and r < 0.12:
            return self._three_generations(size)
        if r < 0.30:
            parents = 2 if size >= 4 and self.rnd() < 0.5 else 1
            members = self._nuclear(size - parents)
            return self._add_parents(members, parents)
        if r < 0.37:
            return self._single_parent(size - 1)
        return self._nuclear(size)

    def _couple(self, head_age: int, child_ages: list[int]) -> list[list]:
        wife_age = max(18, head_age - self._int(0, 7))
        if self.rnd() < 0.95:
            members = [["head", "M", head_age, _ANCESTOR], ["spouse", "F", wife_age, _UNRELATED]]
            father = 0
        else:  # wife registered as head (husband away or unable)
            members = [["head", "F", wife_age, _ANCESTOR], ["spouse", "M", head_age, _UNRELATED]]
            father = 1
        for age in child_ages:
            members.append(["child", "M" if self.rnd() < 0.515 else "F", age, father])
        return members

    def _nuclear(self, size: int) -> list[list]:
        ages = self._children(size - 2)
        oldest = ages[0] if ages else self._int(0, 6)
        mother = oldest + self._int(20, 29)
        members = self._couple(mother + self._int(0, 7), ages)
        if size >= 4 and self.rnd() < 0.03:  # an unmarried younger sibling of the head
            head = members[0]
            members[-1] = ["sibling", head[1], max(16, head[2] - self._int(2, 12)), head[3]]
        return members

    def _single_parent(self, k: int) -> list[list]:
        ages = self._children(k)
        age = ages[0] + self._int(20, 32)
        if self.rnd() < 0.8:  # widowed or divorced mother
            members = [["head", "F", age, _ANCESTOR]]
            father = _ABSENT_FATHER
        else:
            members = [["head", "M", age + self._int(0, 5), _ANCESTOR]]
            father = 0
        for a in ages:
            members.append(["child", "M" if self.rnd() < 0.515 else "F", a, father])
        return members

    def _add_parents(self, members: list[list], n: int) -> list[list]:
        """Add the head's father and/or mother; the head's patronymic follows the father."""
        head = members[0]
        father_age = min(95, head[2] + self._int(22, 34))
        if n == 2 or self.rnd() < 0.35:
            members.append(["parent", "M", father_age, _ANCESTOR])
            father_index = len(members) - 1
            head[3] = father_index
            for m in members[1:]:
                if m[0] == "sibling":
                    m[3] = father_index
            n -= 1
        if n:
            members.append(["parent", "F", min(95, father_age - self._int(0, 4)), _UNRELATED])
        return members

    def _three_generations(self, size: int) -> list[list]:
        """Older couple, one adult child, and that child's children."""
        grandchildren = self._children(size - 3, youngest_max=8)
        adult = (grandchildren[0] if grandchildren else 0) + self._int(20, 28)
        members = self._couple(adult + self._int(20, 30), [])
        son = self.rnd() < 0.85  # usually the son stays with his parents
        husband = 0 if members[0][1] == "M" else 1
        members.append(["child", "M" if son else "F", adult, husband])
        father = 2 if son else _ABSENT_SON_IN_LAW
        for a in grandchildren:
            members.append(["grandchild", "M" if self.rnd() < 0.515 else "F", a, father])
        return members

    # -- names --

    def _names(self, members: list[list], style: str) -> list[str]:
        pick = self._pick
        if style == "han":
            given = [pick(names.HAN_MALE if m[1] == "M" else names.HAN_FEMALE) for m in members]
            absent: dict[int, str] = {}
            surnames: list[str | None] = [None] * len(members)

            def surname(i: int) -> str:
                s = surnames[i]
                if s is None:
                    f = members[i][3]
                    if f >= 0:
                        s = surname(f)
                    elif f == _UNRELATED:
                        s = pick(names.HAN_SURNAMES)
                    else:
                        s = absent.get(f) or absent.setdefault(f, pick(names.HAN_SURNAMES))
                    surnames[i] = s
                return s

            return [names.han(surname(i), given[i]) for i in range(len(members))]
        given = [pick(names.UYGHUR_MALE if m[1] == "M" else names.UYGHUR_FEMALE) for m in members]
        absent = {}
        out = []
        for m, g in zip(members, given):
            f = m[3]
            if f >= 0:
                father = given[f]
            elif f == _UNRELATED:
                father = pick(names.UYGHUR_MALE)
            else:
                father = absent.get(f) or absent.setdefault(f, pick(names.UYGHUR_MALE))
            out.append(names.uyghur(g, father))
        return out

    # -- one household --

    def household(self, village: Village, seq: int) -> Household:
        rnd = self.rnd
        household_id = "%s%04d" % (village.code, seq)
        county = village.county_code
        size = bisect.bisect_right(self._size_cdf, rnd()) + 1
        size = min(size, len(SIZE_PMF))
        members = self._compose(size)
        style = "han" if rnd() < _HAN_SHARE[county] else "uyghur"
        full_names = self._names(members, style)

        persons = []
        earner, earner_rank = -1, 0
        low, high = WORKING_AGE
        ref_ord, resident_id = self.ref_ord, self._resident_id
        for i, m in enumerate(members):
            relation, gender, age = m[0], m[1], m[2]
            birth = ref_ord - int((age + rnd()) * _DAYS_PER_YEAR) - 1  # `age` years old at REFERENCE_DATE
            rid, (born, _, exact_age) = resident_id(county, birth, gender)
            able = low <= exact_age <= high and rnd() >= _UNABLE_TO_WORK
            if able:
                # Main earner: the head if able, else the spouse, else the oldest able member.
                rank = 1000 if relation == "head" else 500 if relation == "spouse" else exact_age
                if rank > earner_rank:
                    earner, earner_rank = i, rank
            persons.append([rid, household_id, full_names[i], gender, born, relation, able, False])
        if earner >= 0:
            persons[earner][7] = True
        persons = tuple([_new_tuple(Person, p) for p in persons])

        c = bisect.bisect_right(self._category_cdf, rnd())
        category = CATEGORIES[min(c, len(CATEGORIES) - 1)]
        if rnd() < self._under[category][size - 1]:
            income = self._income_under[category].draw(rnd())
        else:
            income = self._income_over[category].draw(rnd())
        return Household(
            household_id, county, village.township_code, village.code, category, size,
            _yuan(income), INCOME_YEAR, persons,
        )


def _cumulative(pmf: tuple[float, ...]) -> list[float]:
    out, total = [], 0.0
    for p in pmf:
        total += p
        out.append(total)
    out[-1] = 1.0
    return out


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder, exact sum)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [int(x) for x in raw]
    short = total - sum(counts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[:short]:
        counts[i] += 1
    return counts


def village_sizes(households: int, rng: random.Random) -> list[tuple[Village, int]]:
    """Households per village: county totals follow the rural population weights,
    formerly poor villages hold about twice as many registry households as others,
    and villages vary in size (x0.5 to x1.5)."""
    all_villages = villages()
    county_weight = {c.code: c.rural_weight / c.villages for c in COUNTIES}
    weights = [
        county_weight[v.county_code] * (2.0 if v.formerly_poor else 1.0) * (0.5 + rng.random())
        for v in all_villages
    ]
    counts = _allocate(households, weights)
    if max(counts) > 9999:
        raise ValueError("too many households for 4-digit household sequence numbers")
    return list(zip(all_villages, counts))


def generate(households: int = DEFAULT_HOUSEHOLDS, seed: int = DEFAULT_SEED) -> Iterator[Household]:
    """Yield `households` synthetic households with their persons, by village code.

    Deterministic: the same (households, seed) gives the same registry. Incomes are
    yuan per capita per year (Decimal, 2 places) for INCOME_YEAR.
    """
    if households < 0:
        raise ValueError("households must be >= 0")
    gen = _Generator(seed)
    for village, count in village_sizes(households, gen.rng):
        for seq in range(1, count + 1):
            yield gen.household(village, seq)


__all__ = [
    "CATEGORIES", "DEFAULT_HOUSEHOLDS", "DEFAULT_SEED", "HOUSEHOLD_COLUMNS", "INCOME_YEAR", "expected_persons",
    "MONITORING_LINE_YUAN", "PERSON_COLUMNS", "REFERENCE_DATE", "SEED_UNDER_LINE_HOUSEHOLDS",
    "Household", "Person", "Summary", "generate", "households_summary", "is_under_line",
    "village_sizes",
]
