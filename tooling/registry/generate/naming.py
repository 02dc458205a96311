"""Names of a household's members: Han (surname from the father) or Uyghur (father's given name)."""
from __future__ import annotations

from tooling.registry import names

from .draws import Draws
from .shapes import UNRELATED


def member_names(d: Draws, members: list[list], style: str) -> list[str]:
    """Full names in member order; `style` is "han" or "uyghur". A father not in the household
    (a negative marker of shapes.py) gets one name per marker, an UNRELATED person their own."""
    return _han(d, members) if style == "han" else _uyghur(d, members)


def _han(d: Draws, members: list[list]) -> list[str]:
    pick = d.pick
    given = [pick(names.HAN_MALE if m[1] == "M" else names.HAN_FEMALE) for m in members]
    absent: dict[int, str] = {}
    surnames: list[str | None] = [None] * len(members)

    def surname(i: int) -> str:
        s = surnames[i]
        if s is None:
            f = members[i][3]
            if f >= 0:
                s = surname(f)
            elif f == UNRELATED:
                s = pick(names.HAN_SURNAMES)
            else:
                s = absent.get(f) or absent.setdefault(f, pick(names.HAN_SURNAMES))
            surnames[i] = s
        return s

    return [names.han(surname(i), given[i]) for i in range(len(members))]


def _uyghur(d: Draws, members: list[list]) -> list[str]:
    pick = d.pick
    given = [pick(names.UYGHUR_MALE if m[1] == "M" else names.UYGHUR_FEMALE) for m in members]
    absent: dict[int, str] = {}
    out = []
    for m, g in zip(members, given):
        f = m[3]
        if f >= 0:
            father = given[f]
        elif f == UNRELATED:
            father = pick(names.UYGHUR_MALE)
        else:
            father = absent.get(f) or absent.setdefault(f, pick(names.UYGHUR_MALE))
        out.append(names.uyghur(g, father))
    return out
