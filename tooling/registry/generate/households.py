"""One synthetic household: size, members, names, persons, category and income."""
from __future__ import annotations

import bisect

from services.monitor.registry.rows import Household

from .calibration import CATEGORIES, CATEGORY_SHARES, HAN_SHARE, INCOME_YEAR, SIZE_PMF
from .composition import compose
from .draws import Draws, cumulative
from .incomes import Incomes
from ..kashgar import Village
from .naming import member_names
from .persons import persons
from .resident_ids import ResidentIds


class HouseholdMaker:
    """One run: the random source and the caches that keep it fast (same seed, same registry)."""

    def __init__(self, seed: int) -> None:
        self.draws = Draws(seed)
        self.ids = ResidentIds(self.draws)
        self.incomes = Incomes()
        self._size_cdf = cumulative(SIZE_PMF)
        self._category_cdf = cumulative(CATEGORY_SHARES)

    def household(self, village: Village, seq: int) -> Household:
        """Household `seq` (1..9999) of `village`; its ID is the village code and 4 digits."""
        d, rnd = self.draws, self.draws.rnd
        household_id = "%s%04d" % (village.code, seq)
        county = village.county_code
        size = min(bisect.bisect_right(self._size_cdf, rnd()) + 1, len(SIZE_PMF))
        members = compose(d, size)
        style = "han" if rnd() < HAN_SHARE[county] else "uyghur"
        people = persons(d, self.ids, household_id, county, members, member_names(d, members, style))
        c = bisect.bisect_right(self._category_cdf, rnd())
        category = CATEGORIES[min(c, len(CATEGORIES) - 1)]
        income = self.incomes.draw(category, size, rnd)
        return Household(household_id, county, village.township_code, village.code, category, size, income,
                         INCOME_YEAR, people)
