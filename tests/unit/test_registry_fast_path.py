"""The column-wise reading of a CSV export (services/monitor/registry/fast_read.py) tied to the
row-by-row reading (export_reading.read_export), which stays the single source of every error:
whatever export the fast path accepts, the row-by-row path accepts too and builds the very same
households (incomes as Decimal, main earners, codes); an export with any bad row is never
accepted by the fast path. Exports are generated with one change of every kind the checks know."""
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.monitor.registry.export_earner import with_main_earner
from services.monitor.registry.export_layouts import load_export_mapping
from services.monitor.registry.export_reading import read_export
from services.monitor.registry.fast_columns import PLAIN
from services.monitor.registry.fast_earner import with_main_earners
from services.monitor.registry.fast_read import FastRead, fast_read
from services.monitor.registry.rows import Person
from shared.kit.spreadsheet.values.amounts import parse_yuan
from shared.kit.spreadsheet.values.dates import parse_birth_date
from shared.kit.spreadsheet.values.text import CellError, parse_text
from tests.unit.builders import with_check
from tests.unit.registry_exports import Export, Member, family, rid

pytestmark = pytest.mark.unit

LAYOUTS = load_export_mapping()
ON = date(2026, 1, 1)


def _both(paths):
    kw = dict(income_year=2025, on=ON)
    return fast_read(paths, LAYOUTS, layout=None, **kw), read_export(paths, LAYOUTS, **kw)


def _change(export: Export, kind: str, at: int, pick: int) -> None:
    """One change to the export: valid ones the fast path must read alike, bad ones it must leave."""
    house = export.houses[at % len(export.houses)]
    member = house.members[pick % len(house.members)]
    if kind == "check_character":
        member.resident_id = member.resident_id[:17] + ("0" if member.resident_id[17] != "0" else "1")
    elif kind == "lower_x_or_spaces":  # valid: normalised
        member.resident_id = member.resident_id[:6] + " " + member.resident_id[6:].lower()
    elif kind == "birth_date_disagrees":
        member.born = "1970-01-01"
    elif kind == "gender_disagrees":
        member.gender = "女" if member.gender == "男" else "男"
    elif kind == "unknown_village":
        house.village = "653199201203"
    elif kind == "township_disagrees":
        house.township = "653121202"
    elif kind == "income_three_decimals":
        house.income = "1234.567"
    elif kind == "income_plain_or_with_unit":  # valid: 8000 -> 8000.00, 1,234.5元 -> 1234.50
        house.income = ["8000", "1,234.5元", "０７.５０", "7999.99"][pick % 4]
    elif kind == "duplicate_id":
        other = export.houses[(at + 1) % len(export.houses)]
        member.resident_id = other.members[0].resident_id
    elif kind == "no_head":
        house.members[0].relation = "之子"
    elif kind == "two_heads":
        house.members[1].relation = "户主"
    elif kind == "declared_count":
        house.declared = len(house.members) + 1
    elif kind == "member_of_no_household":
        export.extra_member_rows.append(Member("某某", rid("653121", "19900101", 77, "M"), "男", "1990-01-01",
                                               "户主").cells("6531212012039999"))
    elif kind == "blank_name":
        member.name = "  "
    elif kind == "padded_name":  # valid: trimmed
        member.name = f"\u3000{member.name} "
    elif kind == "unknown_relation":
        member.relation = "邻居"
    elif kind == "category_mismatch":
        house.kind, house.category = "一般农户", "边缘易致贫户"
    elif kind == "monitored":  # valid
        house.kind, house.category = "监测户", "边缘易致贫户"
    elif kind == "summary_row":
        export.extra_member_rows.append(["合计", None, None, None, None, None, None, None, None, None, None, None])
    elif kind == "fifteen_digit_id":  # valid: upgraded
        long = member.resident_id
        member.resident_id = long[:6] + long[8:17]
    elif kind == "future_birth":
        member.resident_id = with_check(member.resident_id[:6] + "20990101" + member.resident_id[14:17])
        member.born = "2099-01-01"


KINDS = ["none", "check_character", "lower_x_or_spaces", "birth_date_disagrees", "gender_disagrees",
         "unknown_village", "township_disagrees", "income_three_decimals", "income_plain_or_with_unit",
         "duplicate_id", "no_head", "two_heads", "declared_count", "member_of_no_household", "blank_name",
         "padded_name", "unknown_relation", "category_mismatch", "monitored", "summary_row", "fifteen_digit_id",
         "future_birth"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 9), st.integers(0, 9)), max_size=3),
       layout=st.sampled_from(["two", "one"]))
def test_the_fast_path_accepts_only_what_the_row_by_row_path_accepts_and_builds_the_same(tmp_path_factory, changes,
                                                                                          layout):
    export = Export([family(n) for n in range(1, 6)])
    for kind, at, pick in changes:
        if kind != "none":
            _change(export, kind, at, pick)
    folder = tmp_path_factory.mktemp("export")
    paths = export.write_two(folder) if layout == "two" else export.write_one(folder, repeat_household=True)
    fast, slow = _both(paths)
    if slow.errors:
        assert isinstance(fast, str), f"fast path accepted an export the row-by-row path rejects: {slow.errors[:2]}"
    if isinstance(fast, FastRead):
        assert fast.households.rows() == slow.households
        assert (fast.households_read, fast.persons_read, fast.rows) == \
            (slow.households_read, slow.persons_read, slow.rows)


@pytest.mark.parametrize("kind", ["none", "lower_x_or_spaces", "income_plain_or_with_unit", "padded_name", "monitored",
                                  "fifteen_digit_id"])
def test_valid_but_unusual_cells_are_read_by_the_fast_path_too(tmp_path, kind):
    """The fast path does not simply refuse whatever is unusual: these the readers accept."""
    export = Export([family(n) for n in range(1, 4)])
    _change(export, kind, 1, 0)  # the head, born 1980 (a 15-digit ID means the 1900s)
    fast, slow = _both(export.write_two(tmp_path))
    assert slow.errors == [] and isinstance(fast, FastRead), fast
    assert fast.households.rows() == slow.households


def test_a_clean_csv_export_takes_the_fast_path_in_both_layouts(tmp_path):
    export = Export([family(n) for n in range(1, 4)])
    for paths in (export.write_two(tmp_path), export.write_one(tmp_path, repeat_household=True)):
        fast, slow = _both(paths)
        assert isinstance(fast, FastRead) and slow.errors == []
        assert fast.households.rows() == slow.households and fast.persons == 12


def test_an_xlsx_export_is_read_row_by_row(tmp_path):
    fast, slow = _both(Export([family(1)]).write_two(tmp_path, suffix=".xlsx"))
    assert fast == "not CSV" and slow.errors == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\u3000\x1c\x1f\x85\u200baé·1\n"), max_size=6))
def test_text_the_fast_path_keeps_as_it_is_is_what_the_text_reader_gives(text):
    plain = pl.Series([text]).str.contains(PLAIN["text"][0]).item()
    if plain:
        assert parse_text(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.,-元"), max_size=22))
def test_yuan_the_fast_path_keeps_as_it_is_is_what_the_yuan_reader_gives(text):
    plain = pl.Series([text]).str.contains(PLAIN["yuan"][0]).item()
    if plain:
        assert str(parse_yuan(text)) == text


@settings(max_examples=300, deadline=None)
@given(st.tuples(st.one_of(st.integers(0, 10000), st.integers(1790, 2030)), st.integers(0, 13), st.integers(0, 32)))
def test_an_iso_day_the_fast_path_reads_is_the_day_the_birth_date_reader_gives(ymd):
    text = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
    pattern, fast = PLAIN["birth_date"]
    if not pl.Series([text]).str.contains(pattern).item():
        return  # read by the birth date reader itself
    read = pl.DataFrame({"c": [text]}).select(fast(pl.col("c"))).item()
    try:
        expected = parse_birth_date(text)
    except CellError:
        expected = None
    assert read == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1940, 2020), st.integers(1, 12), st.integers(1, 28),
                          st.sampled_from(["ordinary", "skilled", "weak", "none"]),
                          st.sampled_from(["working_in_county", "not_working", None]),
                          st.sampled_from(["head", "spouse", "child", "parent"])), min_size=1, max_size=6))
def test_the_column_wise_main_earner_is_the_one_export_earner_picks(members):
    persons = [Person(f"id{i}", "h1", "n", "M", date(y, m, d), rel, skill in ("ordinary", "skilled"), False,
                      None, None, None, skill, work) for i, (y, m, d, skill, work, rel) in enumerate(members)]
    frame = pl.DataFrame({"household_id": ["h1"] * len(persons), "birth_date": [p.birth_date for p in persons],
                          "labour_skill": [p.labour_skill for p in persons],
                          "work_status": pl.Series([p.work_status for p in persons], dtype=pl.String),
                          "relation": [p.relation for p in persons]})
    expected = [p.main_earner for p in with_main_earner(persons, date(2026, 6, 15))]
    assert with_main_earners(frame, date(2026, 6, 15)).get_column("main_earner").to_list() == expected


def test_incomes_come_out_as_decimal_cents(tmp_path):
    export = Export([family(1, income="8000"), family(2, income="7999.99")])
    fast, _ = _both(export.write_two(tmp_path))
    assert [h.income_per_capita_yuan for h in fast.households.rows()] == [Decimal("8000.00"), Decimal("7999.99")]
