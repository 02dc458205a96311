"""One synthetic household: size, members, names, persons, category and income."""
from __future__ import annotations

import bisect

from services.monitor.registry.rows import MONITORING_LINE_YUAN, Household

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
        people = persons(d, self.ids, household_id, county, members, member_names(d, members, style),
                         ethnicity(style, county))
        c = bisect.bisect_right(self._category_cdf, rnd())
        category = CATEGORIES[min(c, len(CATEGORIES) - 1)]
        income = self.incomes.draw(category, size, rnd)
        monitored = monitoring_category(category, income)
        return Household(household_id, county, village.township_code, village.code, category, size, income,
                         INCOME_YEAR, people, monitored, size, False if monitored else None)


def ethnicity(style: str, county: str) -> str:
    """民族 as the registry writes it: Han names 汉族; the others Uyghur, Tajik in Tashkurgan (653131)."""
    return "汉族" if style == "han" else "塔吉克族" if county == "653131" else "维吾尔族"


def monitoring_category(category: str, income) -> str | None:
    """监测对象类别 of a synthetic household: a marginal household is monitored as 边缘易致贫户 (that is
    what makes it marginal), a formerly poor one under the monitoring line as 脱贫不稳定户; the others
    are not monitored."""
    if category == "marginal":
        return "marginal"
    return "unstable_formerly_poor" if category == "formerly_poor" and income < MONITORING_LINE_YUAN else None
