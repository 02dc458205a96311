"""Unique resident IDs (GB 11643-1999, assigned to nobody) and the birth days they encode."""
from __future__ import annotations

from datetime import date

from stdnum.cn import ric

from .calibration import REFERENCE_DATE
from .draws import Draws

_check_character = ric.calc_check_digit


class ResidentIds:
    """The IDs of one run: sequence counters per county and birth day, and a cache of dates."""

    def __init__(self, draws: Draws) -> None:
        self.rnd = draws.rnd
        self._dates: dict[int, tuple[date, str, int]] = {}
        self._counters: dict[str, list[int]] = {}

    def day(self, ordinal: int) -> tuple[date, str, int]:
        """(date, 'YYYYMMDD', age in whole years at REFERENCE_DATE), cached."""
        hit = self._dates.get(ordinal)
        if hit is None:
            d = date.fromordinal(ordinal)
            ref = REFERENCE_DATE
            age = ref.year - d.year - ((ref.month, ref.day) < (d.month, d.day))
            hit = self._dates[ordinal] = (d, d.strftime("%Y%m%d"), age)
        return hit

    def issue(self, county: str, ordinal: int, gender: str) -> tuple[str, tuple[date, str, int]]:
        """A unique resident ID and the (date, 'YYYYMMDD', age) of the birth day it encodes.

        Sequence digits 15-17 count up per county and birth day from a random start,
        odd for men and even for women; if a day is full (500 per sex) the birth day
        moves one day earlier.
        """
        dates = self._dates
        while True:
            day = dates.get(ordinal) or self.day(ordinal)
            prefix = county + day[1]
            counter = self._counters.get(prefix)
            if counter is None:
                counter = self._counters[prefix] = [int(self.rnd() * 499), 0, 0]
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
