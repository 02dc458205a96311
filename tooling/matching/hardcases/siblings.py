"""Siblings and twins whose given names are one syllable apart (吐尔逊/吐尔洪, 古丽娜/古丽扎)."""
from __future__ import annotations

from .family import Draft
from .maker import given_name
from .people import Person


def add_siblings(d: Draft) -> Person:
    """Two siblings, the second not always registered; returns the first (always registered)."""
    rng, make = d.rng, d.make
    g = rng.choice("MF")
    s1_given = given_name(rng, g, d.han)
    s1 = d.child(g, s1_given, make.born(d.first_year, d.first_year + 8))
    s2 = d.child(g, make.one_syllable_away(s1_given, d.taken | {s1_given}, d.han),
                 make.born(d.first_year + 2, d.first_year + 14), registered=rng.random() < 0.5)
    if s2.registered:
        d.case("sibling_id", s2, rid=s1.resident_id)
        d.case("sibling_id", s1, rid=s2.resident_id)
        d.case("sibling_no_id", s1, rid="")
        d.case("sibling_no_id", s2, rid="")
    else:
        d.case("sibling_absent", s2, rid=s1.resident_id)
        d.case("sibling_absent", s2)  # an ID nobody in the registry has
        d.case("sibling_absent", s2, rid="")
        d.case("sibling_absent", s2, rid="", born=s1.birth_date)  # the brother's birth date
        d.case("sibling_own_id", s1)
    return s1


def add_twins(d: Draft) -> None:
    """Twins in four families out of ten: same birth date, names one syllable apart."""
    rng, make = d.rng, d.make
    if rng.random() >= 0.4:
        return
    g = rng.choice("MF")
    born = make.born(d.first_year + 4, min(d.first_year + 20, 2024))
    t1_given = given_name(rng, g, d.han)
    t1 = d.child(g, t1_given, born)
    t2 = d.child(g, make.one_syllable_away(t1_given, d.taken | {t1_given}, d.han), born,
                 registered=rng.random() < 0.5)
    if t2.registered:
        d.case("twin_id", t2, rid=t1.resident_id)
        d.case("twin_no_id", t1, rid="")
        d.case("twin_no_id", t2, rid="")
    else:
        d.case("twin_absent", t2, rid=t1.resident_id)
        d.case("twin_absent", t2)
        d.case("twin_absent", t2, rid="")
