"""Rows that offices put below (or between) the data: totals, then who made, checked and sent the
sheet. Recognised by their first cells; "备注：" and "说明：" only with their colon."""
import re
import unicodedata
from itertools import islice

from shared.kit.spreadsheet.rows.results import Skipped

# A totals label may name its scope first: 本页合计, 全村合计, 本月小计, 全乡总计. The scopes are listed,
# not any characters: a name such as 阿合计江 is not a totals label.
SCOPES = "本页|本表|本期|本月|本季度?|本年度?|当月|当页|本村|本乡|本镇|本县|全村|全乡|全镇|全县|全市|全区|全部|各村|村|乡|镇"
TOTALS = re.compile(rf"^(?:{SCOPES})?(?:合计|小计|总计|共计)")
FOOTERS = ("制表人", "制表日期", "制表单位", "审核人", "审核日期", "填报单位", "填报人", "填报日期", "填表人", "填表日期",
           "复核人", "统计人", "联系电话", "负责人", "单位负责人", "经办人", "制表:", "审核:", "复核:", "填表:", "填报:",
           "备注:", "说明:", "注:")
SUMMARY_CELLS = 2  # a totals or footer label is in the first or second cell that is not empty


def summary_row(row: int, cells: list) -> Skipped | None:
    """Skipped when one of the row's first two cells with anything in them starts a totals row
    (合计, 小 计, 总计：) or a signature or footer row (制表人：张三, 填表日期：2023年9月); else None."""
    filled = (c for c in cells if c is not None and not (type(c) is str and (not c or c.isspace())))
    for cell in islice(filled, SUMMARY_CELLS):
        if type(cell) is not str:
            continue
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", cell))
        if total := TOTALS.match(text):
            return Skipped(row, cell.strip(), f"skipped: a totals row ({total.group(0)}), not data")
        if text.startswith(FOOTERS):
            return Skipped(row, cell.strip(), "skipped: a signature or footer row, not data")
    return None
