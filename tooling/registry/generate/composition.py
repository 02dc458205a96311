"""Who lives in a household of a given size (members as in shapes.py, head first)."""
from __future__ import annotations

from .draws import Draws
from .shapes import ANCESTOR, UNRELATED, couple, nuclear, single_parent, three_generations


def compose(d: Draws, size: int) -> list[list]:
    """Members as [relation, gender, age, father], head first.

    `father` is the index of the person's father in the list, or one of the
    shapes.ANCESTOR/ABSENT_FATHER/ABSENT_SON_IN_LAW/UNRELATED markers.
    """
    r = d.rnd()
    if size == 1:
        if r < 0.55:  # elderly living alone, mostly widows
            return [["head", "F" if d.rnd() < 0.6 else "M", d.integer(60, 88), ANCESTOR]]
        return [["head", "M" if d.rnd() < 0.65 else "F", d.integer(22, 59), ANCESTOR]]
    if size == 2:
        if r < 0.40:
            return couple(d, d.integer(58, 82), [])
        if r < 0.55:
            return couple(d, d.integer(21, 35), [])
        if r < 0.80:
            return single_parent(d, 1)
        head_age = d.integer(22, 50)
        members = [["head", "M" if d.rnd() < 0.7 else "F", head_age, ANCESTOR]]
        return add_parents(d, members, 1)
    if size >= 4 and r < 0.12:
        return three_generations(d, size)
    if r < 0.30:
        parents = 2 if size >= 4 and d.rnd() < 0.5 else 1
        members = nuclear(d, size - parents)
        return add_parents(d, members, parents)
    if r < 0.37:
        return single_parent(d, size - 1)
    return nuclear(d, size)


def add_parents(d: Draws, members: list[list], n: int) -> list[list]:
    """Add the head's father and/or mother; the head's patronymic follows the father."""
    head = members[0]
    father_age = min(95, head[2] + d.integer(22, 34))
    if n == 2 or d.rnd() < 0.35:
        members.append(["parent", "M", father_age, ANCESTOR])
        father_index = len(members) - 1
        head[3] = father_index
        for m in members[1:]:
            if m[0] == "sibling":
                m[3] = father_index
        n -= 1
    if n:
        members.append(["parent", "F", min(95, father_age - d.integer(0, 4)), UNRELATED])
    return members
