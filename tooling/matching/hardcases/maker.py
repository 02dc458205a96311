"""Made-up resident IDs (valid under GB 11643-1999, assigned to nobody), birth dates and names."""
from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric

from services.monitor.matching.names.syllables import ER, variant_of
from tooling.registry import names as rn

from .people import Family, Person

_POOL = "".join(sorted({ch for n in rn.UYGHUR_MALE + rn.UYGHUR_FEMALE for ch in n} - {ER}))
_HAN_GIVEN = "国华军强明伟平安文武德志红英兰芳"


class Maker:
    def __init__(self, rng: random.Random, taken: frozenset[str] = frozenset()):
        self.rng = rng
        self.used: set[str] = set(taken)  # IDs not to make: made already, or someone's in the registry

    def resident_id(self, county: str, born: date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(499) * 2 + (1 if gender == "M" else 2)
            first17 = f"{county}{born:%Y%m%d}{seq:03d}"
            rid = first17 + ric.calc_check_digit(first17 + "0")
            if rid not in self.used and not rid.endswith("000"):
                self.used.add(rid)
                return rid

    def born(self, start: int, end: int) -> date:
        return date(start, 1, 1) + timedelta(days=self.rng.randrange((date(end, 12, 31) - date(start, 1, 1)).days))

    def one_syllable_away(self, given: str, taken: set[str], han: bool) -> str:
        """Another given name: one character replaced so that no transliteration rule joins the two."""
        while True:
            i = self.rng.randrange(len(given))
            if given[i] == ER:
                continue
            new = given[:i] + self.rng.choice(_HAN_GIVEN if han else _POOL) + given[i + 1:]
            if new not in taken and not variant_of(new, given, transliterated=not han):
                return new

    def person(self, fam: Family, name: str, gender: str, born: date, relation: str, registered: bool = True) -> Person:
        p = Person(self.resident_id(fam.village_code[:6], born, gender), name, gender, born, relation, registered)
        fam.people.append(p)
        return p


def given_name(rng: random.Random, gender: str, han: bool) -> str:
    if han:
        return rng.choice(rn.HAN_MALE if gender == "M" else rn.HAN_FEMALE)
    return rng.choice(rn.UYGHUR_MALE if gender == "M" else rn.UYGHUR_FEMALE)


def full_name(given: str, family: str, han: bool) -> str:
    return rn.han(family, given) if han else rn.uyghur(given, family)
