"""Synthetic exports of the monitoring information system for the registry import's tests:
households and members as the offices' files hold them (Chinese headers and values), in layout
two_sheets (a sheet or file of households + one of members) or one_sheet (members' rows under
their household number). Every person is made up; IDs carry valid check characters."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from shared.kit.spreadsheet.files.writing import write_table
from tests.unit.builders import with_check

VILLAGE = "653121201203"  # 疏附县, a township 201, village 203
HOUSEHOLD_HEADERS = ["户编号", "县(市)", "乡(镇)", "村代码", "户类型", "监测对象类别", "人均纯收入", "家庭人口数", "风险是否消除"]
MEMBER_HEADERS = ["户编号", "姓名", "证件号码", "性别", "出生日期", "与户主关系", "民族", "在校生状况", "健康状况",
                  "劳动技能", "务工状况", "是否参加城乡居民基本医疗保险"]


def rid(county: str, born: str, seq: int, gender: str) -> str:
    """A valid resident ID: county, birth date YYYYMMDD, a sequence whose last digit is odd for a man."""
    third = (seq * 2 + 1) % 10 if gender == "M" else (seq * 2) % 10
    return with_check(f"{county}{born}{seq % 100:02d}{third}")


@dataclass
class Member:
    name: str
    resident_id: str
    gender: str  # 男 / 女
    born: str  # as written in the 出生日期 cell
    relation: str
    skill: str = "普通劳动力"
    work: str = "县内务工"
    schooling: str = "非在校生"
    health: str = "健康"
    insured: str = "是"
    ethnicity: str = "维吾尔族"

    def cells(self, hid: str) -> list:
        return [hid, self.name, self.resident_id, self.gender, self.born, self.relation, self.ethnicity,
                self.schooling, self.health, self.skill, self.work, self.insured]


@dataclass
class House:
    hid: str
    members: list[Member]
    kind: str = "脱贫户"
    category: str = ""
    income: object = "9,500.50"
    declared: object = None  # None: the number of members
    county: str = "疏附县"
    township: str = VILLAGE[:9]
    village: str = VILLAGE
    eliminated: str = ""

    def cells(self) -> list:
        declared = len(self.members) if self.declared is None else self.declared
        return [self.hid, self.county, self.township, self.village, self.kind, self.category, self.income, declared,
                self.eliminated]


def family(seq: int, village: str = VILLAGE, **kw) -> House:
    """A couple and two children; household number village + 4 digits."""
    county = village[:6]
    hid = f"{village}{seq:04d}"
    members = [Member(f"艾力·吐尔逊{seq}", rid(county, "19800312", seq, "M"), "男", "1980-03-12", "户主"),
               Member(f"古丽·买买提{seq}", rid(county, "19820701", seq, "F"), "女", "1982/7/1", "配偶", work="未务工"),
               Member(f"买买提·艾力{seq}", rid(county, "20100105", seq, "M"), "男", "2010年1月5日", "之子",
                      skill="无劳动力", work="未务工", schooling="小学"),
               Member(f"阿依古丽·艾力{seq}", rid(county, "20150920", seq, "F"), "女", "20150920", "之女",
                      skill="无劳动力", work="未务工", schooling="学前教育")]
    return House(hid, members, village=village, **kw)


@dataclass
class Export:
    houses: list[House] = field(default_factory=list)
    extra_member_rows: list[list] = field(default_factory=list)  # rows of members of no listed household

    def write_two(self, directory: Path, suffix: str = ".csv", encoding: str = "utf-8") -> list[Path]:
        """Layout two_sheets: two CSV files, or one workbook with two sheets (and a title row)."""
        households = [h.cells() for h in self.houses]
        members = [m.cells(h.hid) for h in self.houses for m in h.members] + self.extra_member_rows
        if suffix == ".xlsx":
            path = directory / "export.xlsx"
            book = Workbook(write_only=True)
            for title, header, rows in (("户信息", HOUSEHOLD_HEADERS, households),
                                        ("家庭成员", MEMBER_HEADERS, members)):
                sheet = book.create_sheet(title)
                sheet.append([f"{title}（导出）"])
                sheet.append(header)
                for row in rows:
                    sheet.append(row)
            book.save(path)
            return [path]
        paths = [directory / "households.csv", directory / "members.csv"]
        write_table(paths[0], HOUSEHOLD_HEADERS, households, encoding=encoding)
        write_table(paths[1], MEMBER_HEADERS, members, encoding=encoding)
        return paths

    def write_one(self, directory: Path, suffix: str = ".csv", encoding: str = "utf-8",
                  repeat_household: bool = False) -> list[Path]:
        """Layout one_sheet: household columns on the first row of each household (as a merged
        cell leaves them), the members' rows below with a blank 户编号, unless `repeat_household`."""
        header = MEMBER_HEADERS[:1] + HOUSEHOLD_HEADERS[1:] + MEMBER_HEADERS[1:]
        rows = []
        for h in self.houses:
            for i, m in enumerate(h.members):
                own = h.cells()[1:] if i == 0 or repeat_household else [None] * (len(HOUSEHOLD_HEADERS) - 1)
                rows.append([h.hid if i == 0 or repeat_household else None, *own, *m.cells(h.hid)[1:]])
        path = directory / f"registry{suffix}"
        write_table(path, header, rows, title="家庭成员及户信息", encoding=encoding)
        return [path]
