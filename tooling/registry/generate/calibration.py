"""Seed figures and calibration of the synthetic registry (the Kashgar plan, chapters 1 and 2).

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

from datetime import date

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

#: Share of Han households per county (the rest Uyghur; Tajik in Tashkurgan).
#: Rough, for plausibility: rural Kashgar is about nine in ten Uyghur.
HAN_SHARE = {
    "653101": 0.14, "653121": 0.04, "653122": 0.07, "653123": 0.04, "653124": 0.14,
    "653125": 0.05, "653126": 0.06, "653127": 0.08, "653128": 0.06, "653129": 0.04,
    "653130": 0.12, "653131": 0.06,
}
#: Chance that a person of working age cannot work (illness, disability).
UNABLE_TO_WORK = 0.05
WORKING_AGE = (16, 60)


def size_mean() -> float:
    return sum((i + 1) * p for i, p in enumerate(SIZE_PMF))


def expected_persons(households: int) -> int:
    """Persons that `households` generated households hold on average (SIZE_PMF's mean, ~4.06 each)."""
    return round(households * size_mean())
