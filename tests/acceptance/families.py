"""Synthetic registry families for the matching acceptance tests: brothers whose given names
differ by one syllable, twins, a father and his sons, namesakes of one village, and a person
whose real ID ends in 000. Nobody here exists; IDs carry valid GB 11643 check characters."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tests.acceptance.ids import rid

COUNTY = "653125"  # 莎车县
TOWNSHIP = "653125100"
VILLAGE = "653125100299"
OTHER_VILLAGE = "653125100298"


@dataclass(frozen=True)
class P:
    key: str
    name: str
    gender: str
    born: date
    seq: int
    relation: str = "child"
    resident_id_override: str | None = None

    @property
    def resident_id(self) -> str:
        return self.resident_id_override or rid(COUNTY, self.born, self.seq)


@dataclass(frozen=True)
class Household:
    household_id: str
    village: str
    members: tuple[P, ...]


def truncated_looking_id(born: date) -> str:
    """The first valid ID of a woman born that day (or later) ending in 000 (check character 0)."""
    day = born
    while True:
        for d in "123456789":
            candidate = rid(COUNTY, day, int(f"{d}00"))
            if candidate.endswith("000"):
                return candidate
        day = date.fromordinal(day.toordinal() + 1)


ZERO_ID = truncated_looking_id(date(1979, 1, 1))
ZERO_BORN = date(int(ZERO_ID[6:10]), int(ZERO_ID[10:12]), int(ZERO_ID[12:14]))

FAMILIES = (
    Household("6531251002999001", VILLAGE, (
        P("kadir", "卡德尔·买买提", "M", date(1958, 3, 12), 11, "head"),
        P("buaysham", "布阿依夏木·托合提", "F", date(1960, 6, 1), 22, "spouse"),
        P("tursun", "吐尔逊·卡德尔", "M", date(1984, 2, 11), 31),
        P("turhun", "吐尔洪·卡德尔", "M", date(1987, 9, 30), 53),
    )),
    Household("6531251002999002", VILLAGE, (
        P("osman", "吾斯曼·艾力", "M", date(1955, 1, 20), 13, "head"),
        P("erkin", "艾尔肯·吾斯曼", "M", date(1990, 4, 14), 71),
        P("erdin", "艾尔丁·吾斯曼", "M", date(1993, 11, 2), 75),
        P("paridan", "帕丽旦·吾斯曼", "F", date(1996, 7, 7), 24),
        P("parida", "帕丽达·吾斯曼", "F", date(1999, 3, 3), 26),
    )),
    Household("6531251002999003", VILLAGE, (  # twins, both registered
        P("tohti", "买买提·托乎提", "M", date(1970, 8, 8), 15, "head"),
        P("gulina", "古丽娜·买买提", "F", date(2001, 6, 15), 28),
        P("guliza", "古丽扎·买买提", "F", date(2001, 6, 15), 46),
    )),
    Household("6531251002999004", VILLAGE, (  # one twin of each pair registered
        P("ahmet", "托合提·艾买提", "M", date(1972, 2, 2), 17, "head"),
        P("gulmira", "古丽米拉·托合提", "F", date(2003, 4, 2), 48),
        P("eli_t", "艾力·托合提", "M", date(2005, 5, 5), 19),
    )),
    Household("6531251002999005", VILLAGE, (  # a father and his sons
        P("father", "买买提·艾力", "M", date(1962, 1, 5), 23, "head"),
        P("abdulla", "阿卜杜拉·买买提", "M", date(1988, 8, 8), 33),
        P("eli_m", "艾力·买买提", "M", date(1991, 10, 10), 35),
    )),
    Household("6531251002999006", VILLAGE, (
        P("rahim_old", "阿布都热依木·阿不力孜", "M", date(1970, 5, 5), 39, "head"),
    )),
    Household("6531251002999007", VILLAGE, (  # a namesake in the same village, another household
        P("rahim_young", "阿布都热依木·阿不力孜", "M", date(1982, 11, 20), 41, "head"),
    )),
    Household("6531251002999008", OTHER_VILLAGE, (
        P("reyila", "热依拉·买买提", "F", ZERO_BORN, 0, "head", ZERO_ID),
        P("anar", "阿娜尔·买买提", "F", date(1981, 5, 5), 44, "sibling"),
    )),
)

PEOPLE = {p.key: p for h in FAMILIES for p in h.members}
HOUSEHOLD_OF = {p.key: h for h in FAMILIES for p in h.members}

# Not in the registry: the other twin of each pair.
GULMINA = P("gulmina", "古丽米娜·托合提", "F", date(2003, 4, 2), 62)
ASAN = P("asan", "艾山·托合提", "M", date(2005, 5, 5), 37)


def household_rows(households) -> list[tuple]:
    return [(h.household_id, COUNTY, TOWNSHIP, h.village, "marginal", len(h.members), Decimal("7200.00"), 2025)
            for h in households]


def person_rows(households) -> list[tuple]:
    return [(p.resident_id, h.household_id, p.name, p.gender, p.born, p.relation, True, p.relation == "head")
            for h in households for p in h.members]
