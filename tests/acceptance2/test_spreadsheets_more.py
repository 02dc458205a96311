"""Acceptance (issue 15 part 3): spreadsheets as offices make them, cases the first round did not
cover, through the importer's dry run and the `import FILE --dry-run` command.

- A two-row header whose group cell carries the unit (个人负担（元）, 个人负担【元】) over 个人自付
  and 总金额: the total burden (个人负担总金额) is what the rules use, in either column order, not
  the co-payment.
- Totals rows labelled for their scope (本页合计, 本页小计, 全村合计, 本月合计) are totals rows:
  skipped and reported as skipped, also in the middle of a sheet with data rows after them, and
  the import exits 0.
"""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.acceptance.files import BILL_HEADER, import_cli, import_in_process, write_csv, write_xlsx
from tests.acceptance2.kin import rid

pytestmark = pytest.mark.unit

LEFT = BILL_HEADER[:9]  # 身份证号 ... 医疗救助: one cell each, merged over the two header rows
MERGE_LEFT = [f"{c}1:{c}2" for c in "ABCDEFGHI"]


def bill_row(i: int, *, copay: str = "600.00", total_burden: str = "2100.00", order=("copay", "total")) -> list:
    born = date(1961, 1, 1) + timedelta(days=113 * i)
    burden = {"copay": copay, "total": total_burden}
    return [rid(born, 300 + i), f"吐尔逊·阿不都{i}", f"JS2026B{i:04d}", "2026-10-01", "2026-10-06", "6000.00",
            "3000.00", "500.00", "400.00", *(burden[k] for k in order)]


GROUPS = ["个人负担（元）", "个人负担【元】", "个人负担(单位:元)", "个人负担（单位：元）", "个人负担[元]"]
NAMES = {("copay", "total"): ["个人自付", "总金额"], ("total", "copay"): ["总金额", "个人自付"]}


@pytest.mark.parametrize("order", list(NAMES), ids=["copay first", "total first"])
@pytest.mark.parametrize("group", GROUPS)
def test_a_group_cell_with_a_unit_over_both_burden_columns_gives_the_total_burden(tmp_path, monkeypatch, group,
                                                                                  order):
    header = [LEFT + [group, None], [None] * 9 + NAMES[order]]
    rows = [bill_row(1, order=order), bill_row(2, copay="0.00", total_burden="950.50", order=order)]
    path = write_xlsx(tmp_path / "g.xlsx", [("Sheet1", [*header, *rows])],
                      merges={"Sheet1": ["J1:K1", *MERGE_LEFT]})
    got = import_in_process("health_insurance", path, monkeypatch)
    assert got.bad_rows == set(), got.summary.errors
    assert [e.data.personal_burden_yuan for e in got.events] == [Decimal("2100.00"), Decimal("950.50")]


@pytest.mark.parametrize("group", ["个人负担（元）", "个人负担【元】"])
def test_the_same_header_in_a_gb18030_csv_gives_the_total_burden(tmp_path, monkeypatch, group):
    rows = [LEFT + [group, ""], [""] * 9 + NAMES[("copay", "total")], bill_row(1)]
    got = import_in_process("health_insurance", write_csv(tmp_path / "g.csv", rows), monkeypatch)
    assert got.bad_rows == set(), got.summary.errors
    assert [e.data.personal_burden_yuan for e in got.events] == [Decimal("2100.00")]


PLAIN = BILL_HEADER[:9] + ["个人负担总金额"]


def plain_row(i: int) -> list:
    return bill_row(i)[:9] + ["2100.00"]


@pytest.mark.parametrize("label", ["本页合计", "本页小计", "全村合计", "本月合计", "本页合计：", "全乡总计"])
def test_a_totals_row_labelled_for_its_scope_is_skipped_wherever_it_is(tmp_path, label):
    rows = [PLAIN, plain_row(1), plain_row(2), [label, None, None, None, None, "12000.00", None, None, None, "4200.00"],
            plain_row(3), plain_row(4), [None, label, None, None, None, "12000.00"]]
    cli = import_cli("health_insurance", write_xlsx(tmp_path / "t.xlsx", [("一村", rows)]))
    assert cli.returncode == 0, cli.output + cli.report_text
    assert cli.report_rows() == set(), cli.report_text
    assert "4 rows" in cli.output or "published 4" in cli.output, cli.output
