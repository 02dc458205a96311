"""Synthetic registry families for tests/acceptance2: Han twins and siblings whose given names
differ by one syllable whose sounds are close (刚/康, 思/诗, 栋/通), and a Uyghur father whose grown
son and married daughter live in households of their own. Only one twin of each pair is registered. Nobody here exists; IDs
carry GB 11643-1999 check characters computed with stdnum.cn.ric."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.cn import ric

COUNTY = "653122"  # 疏勒县
TOWNSHIP = "653122101"
VILLAGE = "653122101297"


def rid(born: date, seq: int, county: str = COUNTY) -> str:
    first17 = f"{county}{born:%Y%m%d}{seq:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


@dataclass(frozen=True)
class Kin:
    key: str
    name: str
    gender: str
    born: date
    seq: int
    relation: str = "child"

    @property
    def resident_id(self) -> str:
        return rid(self.born, self.seq)


HOUSEHOLDS = {
    "6531221012979001": (Kin("lin_father", "林国强", "M", date(1980, 3, 3), 31, "head"),
                         Kin("yonggang", "林永刚", "M", date(2011, 1, 31), 53)),
    "6531221012979002": (Kin("wu_mother", "刘芳", "F", date(1984, 6, 6), 42, "head"),
                         Kin("wugang", "吴刚", "M", date(2014, 3, 22), 71)),
    "6531221012979003": (Kin("chen_father", "陈建华", "M", date(1978, 9, 9), 15, "head"),
                         Kin("chensi", "陈思", "F", date(2009, 5, 5), 26)),
    "6531221012979004": (Kin("zhao_father", "赵志明", "M", date(1975, 2, 2), 17, "head"),
                         Kin("guodong", "赵国栋", "M", date(2001, 7, 7), 39)),
    # A father, and his grown son and married daughter in households of their own (same village).
    "6531221012979005": (Kin("rahman", "阿不都热合曼·买买提", "M", date(1950, 4, 12), 19, "head"),
                         Kin("rahman_wife", "阿依先木·托乎提", "F", date(1953, 8, 1), 22, "spouse")),
    "6531221012979006": (Kin("erkin_r", "艾尔肯·阿不都热合曼", "M", date(1976, 10, 3), 57, "head"),
                         Kin("erkin_son", "艾合买提·艾尔肯", "M", date(2004, 2, 14), 91)),
    "6531221012979007": (Kin("osman_t", "吾斯曼·托合提", "M", date(1977, 5, 20), 35, "head"),
                         Kin("gulbahar_r", "古丽巴哈尔·阿不都热合曼", "F", date(1979, 12, 9), 46, "spouse")),
}

PEOPLE = {p.key: p for members in HOUSEHOLDS.values() for p in members}

#: The other twin of each pair: same household, same birth date, not in the registry.
TWINS = {
    "yonggang": Kin("yongkang", "林永康", "M", date(2011, 1, 31), 55),
    "wugang": Kin("wukang", "吴康", "M", date(2014, 3, 22), 73),
    "chensi": Kin("chenshi", "陈诗", "F", date(2009, 5, 5), 28),
    "guodong": Kin("guotong", "赵国通", "M", date(2001, 7, 7), 33),
}


def household_rows() -> list[tuple]:
    return [(hid, COUNTY, TOWNSHIP, VILLAGE, "marginal", len(members), Decimal("7000.00"), 2025)
            for hid, members in HOUSEHOLDS.items()]


def person_rows() -> list[tuple]:
    return [(p.resident_id, hid, p.name, p.gender, p.born, p.relation, True, p.relation == "head")
            for hid, members in HOUSEHOLDS.items() for p in members]
