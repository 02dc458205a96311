"""Family shapes: couples, nuclear families, single parents, three generations.

Members are [relation, gender, age, father], head first; `father` is the index of the
person's father in the list, or one of the markers below for a father not in the household.
"""
from __future__ import annotations

from .draws import Draws

# Patronymic / surname sources for people whose father is not in the household.
ANCESTOR = -2  # the head's paternal line (head's absent father, or his father)
ABSENT_FATHER = -3  # father of the head's children, not in the household
ABSENT_SON_IN_LAW = -4  # father of the grandchildren, not in the household
UNRELATED = -1  # someone who married in, or a parent: own random father


def children(d: Draws, k: int, youngest_max: int = 14) -> list[int]:
    """Ages of k siblings, oldest first, all in 0..25."""
    if k == 0:
        return []
    ages = [d.integer(0, youngest_max)]
    top = 3 if k >= 4 else 4
    for _ in range(k - 1):
        ages.append(ages[-1] + d.integer(1, top))
    if ages[-1] > 25:  # shift the family younger, then squeeze the gaps
        shift = min(ages[0], ages[-1] - 25)
        ages = [a - shift for a in ages]
        if ages[-1] > 25:
            ages = [min(a, 25) for a in ages]
    ages.reverse()
    return ages


def couple(d: Draws, head_age: int, child_ages: list[int]) -> list[list]:
    wife_age = max(18, head_age - d.integer(0, 7))
    if d.rnd() < 0.95:
        members = [["head", "M", head_age, ANCESTOR], ["spouse", "F", wife_age, UNRELATED]]
        father = 0
    else:  # wife registered as head (husband away or unable)
        members = [["head", "F", wife_age, ANCESTOR], ["spouse", "M", head_age, UNRELATED]]
        father = 1
    for age in child_ages:
        members.append(["child", "M" if d.rnd() < 0.515 else "F", age, father])
    return members


def nuclear(d: Draws, size: int) -> list[list]:
    ages = children(d, size - 2)
    oldest = ages[0] if ages else d.integer(0, 6)
    mother = oldest + d.integer(20, 29)
    members = couple(d, mother + d.integer(0, 7), ages)
    if size >= 4 and d.rnd() < 0.03:  # an unmarried younger sibling of the head
        head = members[0]
        members[-1] = ["sibling", head[1], max(16, head[2] - d.integer(2, 12)), head[3]]
    return members


def single_parent(d: Draws, k: int) -> list[list]:
    ages = children(d, k)
    age = ages[0] + d.integer(20, 32)
    if d.rnd() < 0.8:  # widowed or divorced mother
        members = [["head", "F", age, ANCESTOR]]
        father = ABSENT_FATHER
    else:
        members = [["head", "M", age + d.integer(0, 5), ANCESTOR]]
        father = 0
    for a in ages:
        members.append(["child", "M" if d.rnd() < 0.515 else "F", a, father])
    return members


def three_generations(d: Draws, size: int) -> list[list]:
    """Older couple, one adult child, and that child's children."""
    grandchildren = children(d, size - 3, youngest_max=8)
    adult = (grandchildren[0] if grandchildren else 0) + d.integer(20, 28)
    members = couple(d, adult + d.integer(20, 30), [])
    son = d.rnd() < 0.85  # usually the son stays with his parents
    husband = 0 if members[0][1] == "M" else 1
    members.append(["child", "M" if son else "F", adult, husband])
    father = 2 if son else ABSENT_SON_IN_LAW
    for a in grandchildren:
        members.append(["grandchild", "M" if d.rnd() < 0.515 else "F", a, father])
    return members
