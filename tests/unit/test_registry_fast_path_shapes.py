"""CSV shapes of an export the column-wise reading (fast_read) must either read exactly as the
row-by-row reading (export_reading.read_export) does, or leave to it: file bytes the offices'
tools can write (line breaks, quotes, encodings, blanks) rather than cell values."""
from datetime import date

import pytest

from services.monitor.registry.export_layouts import load_export_mapping
from services.monitor.registry.export_reading import read_export
from services.monitor.registry.fast_read import FastRead, fast_read
from tests.unit.registry_exports import Export, family

pytestmark = pytest.mark.unit

LAYOUTS = load_export_mapping()
KW = dict(income_year=2025, on=date(2026, 1, 1))
NAME = "艾力·吐尔逊2".encode()


def _paths(tmp_path, layout):
    export = Export([family(n) for n in range(1, 4)])
    return export.write_two(tmp_path) if layout == "two" else export.write_one(tmp_path, repeat_household=True)


def _edited(path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


@pytest.mark.parametrize("layout", ["two", "one"])
def test_a_lone_carriage_return_in_a_cell_is_left_to_the_row_by_row_reading(tmp_path, layout):
    """csv.reader ends a record at a bare CR (old Mac line ends, a cell pasted from a form), so
    the row-by-row reading sees two broken rows; polars keeps the CR inside the cell. The fast
    path must not accept what the row-by-row reading reports."""
    paths = _paths(tmp_path, layout)
    _edited(paths[-1], NAME, "艾力\r吐尔逊2".encode())
    slow = read_export(paths, LAYOUTS, **KW)
    assert slow.errors, "the row-by-row reading reports the broken rows"
    assert isinstance(fast_read(paths, LAYOUTS, layout=None, **KW), str)


@pytest.mark.parametrize("layout", ["two", "one"])
def test_a_quoted_carriage_return_is_read_alike_or_left(tmp_path, layout):
    paths = _paths(tmp_path, layout)
    _edited(paths[-1], NAME, '"艾力\r吐尔逊2"'.encode())
    fast, slow = fast_read(paths, LAYOUTS, layout=None, **KW), read_export(paths, LAYOUTS, **KW)
    assert slow.errors == []
    if isinstance(fast, FastRead):
        assert fast.households.rows() == slow.households


def test_households_split_over_files_around_the_members_are_built_in_the_row_by_row_order(tmp_path):
    """Files given as households, members, households: the row-by-row reading meets a household
    of the second households file first among the members; the fast path builds the same list
    (the order a re-import as a difference and the load see), or leaves the export to it."""
    from shared.kit.spreadsheet.files.writing import write_table
    from tests.unit.registry_exports import HOUSEHOLD_HEADERS, MEMBER_HEADERS

    houses = [family(n) for n in range(1, 5)]
    write_table(tmp_path / "ha.csv", HOUSEHOLD_HEADERS, [h.cells() for h in houses[:2]])
    write_table(tmp_path / "m.csv", MEMBER_HEADERS, [m.cells(h.hid) for h in reversed(houses) for m in h.members])
    write_table(tmp_path / "hb.csv", HOUSEHOLD_HEADERS, [h.cells() for h in houses[2:]])
    paths = [tmp_path / "ha.csv", tmp_path / "m.csv", tmp_path / "hb.csv"]
    fast, slow = fast_read(paths, LAYOUTS, layout=None, **KW), read_export(paths, LAYOUTS, **KW)
    assert slow.errors == []
    if isinstance(fast, FastRead):
        assert fast.households.rows() == slow.households


@pytest.mark.parametrize("household_header, member_header", [("风险是否消除", None), (None, "务工状况"),
                                                             ("风险是否消除", "务工状况")])
def test_an_export_without_an_optional_column_is_read_alike(tmp_path, household_header, member_header):
    """风险是否消除 and 务工状况 are optional in the mapping (required: false): an export without
    them is valid, and the fast path reads it as the row-by-row path does (it raised
    ColumnNotFoundError, and the import command stopped with a traceback)."""
    from shared.kit.spreadsheet.files.writing import write_table
    from tests.unit.registry_exports import HOUSEHOLD_HEADERS, MEMBER_HEADERS

    def without(header, row, name):
        return row if name is None else [c for c, h in zip(row, header) if h != name]

    houses = [family(n) for n in range(1, 4)]
    paths = [tmp_path / "h.csv", tmp_path / "m.csv"]
    write_table(paths[0], without(HOUSEHOLD_HEADERS, HOUSEHOLD_HEADERS, household_header),
                [without(HOUSEHOLD_HEADERS, h.cells(), household_header) for h in houses])
    write_table(paths[1], without(MEMBER_HEADERS, MEMBER_HEADERS, member_header),
                [without(MEMBER_HEADERS, m.cells(h.hid), member_header) for h in houses for m in h.members])
    slow = read_export(paths, LAYOUTS, **KW)
    fast = fast_read(paths, LAYOUTS, layout=None, **KW)
    assert slow.errors == []
    if isinstance(fast, FastRead):
        assert fast.households.rows() == slow.households


def test_two_files_of_one_name_in_different_folders_are_left_to_the_row_by_row_reading(tmp_path):
    """A sheet names its file by name only: a/户.csv and b/户.csv must not both be read as a/户.csv."""
    from shared.kit.spreadsheet.files.writing import write_table
    from tests.unit.registry_exports import HOUSEHOLD_HEADERS, MEMBER_HEADERS

    houses = [family(n) for n in range(1, 5)]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_table(tmp_path / "a" / "户.csv", HOUSEHOLD_HEADERS, [h.cells() for h in houses[:2]])
    write_table(tmp_path / "b" / "户.csv", HOUSEHOLD_HEADERS, [h.cells() for h in houses[2:]])
    write_table(tmp_path / "m.csv", MEMBER_HEADERS, [m.cells(h.hid) for h in houses for m in h.members])
    paths = [tmp_path / "a" / "户.csv", tmp_path / "b" / "户.csv", tmp_path / "m.csv"]
    assert read_export(paths, LAYOUTS, **KW).errors == []
    assert fast_read(paths, LAYOUTS, layout=None, **KW) == "two files of one name in different folders"
