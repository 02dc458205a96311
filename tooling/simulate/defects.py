"""Rows made wrong on purpose, one defect each, so that tests and the benchmark know exactly
which rows the importer must report: every kind of bad row, as far as a layout's columns allow."""
from random import Random

from shared.kit.spreadsheet.mapping.layout import Layout

DEFECTS = ("bad_check_character", "id_as_number", "blank_name", "impossible_date", "unreadable_date",
           "future_date", "bad_amount", "negative_amount", "unknown_code", "dates_out_of_order")


def defects_for(layout: Layout, xlsx: bool):
    kinds = set(c.kind for c in layout.columns.values())
    two_dates = any(sum(layout.columns[c].kind == "date" for _, c in k.data_columns) >= 2 for k in layout.events.values())
    usable = [d for d in DEFECTS if {
        "id_as_number": xlsx, "bad_amount": "yuan" in kinds, "negative_amount": "yuan" in kinds,
        "unknown_code": any(c.values for c in layout.columns.values()) or layout.event_by is not None,
        "dates_out_of_order": two_dates}.get(d, True)]
    while True:
        yield from usable


def spoil(layout: Layout, row: dict, defect: str, rng: Random) -> None:
    time_col = next(iter(layout.events.values())).time
    amount_col = next((c.name for c in layout.columns.values() if c.kind == "yuan"), None)
    rid = row["resident_id"]
    if defect == "bad_check_character":
        row["resident_id"] = rid[:-1] + ("0" if rid[-1] != "0" else "1")
    elif defect == "id_as_number":
        row["resident_id"] = float(rid[:17] + (rid[17] if rid[17].isdigit() else "0"))
    elif defect == "blank_name":
        row["name"] = ""
    elif defect == "impossible_date":
        row[time_col] = f"{rng.choice([2025, 2026])}-02-30"
    elif defect == "unreadable_date":
        row[time_col] = rng.choice(["上月中旬", "2026-1O-05", "10/05"])
    elif defect == "future_date":
        row[time_col] = "2099-01-01"
    elif defect == "bad_amount":
        row[amount_col] = rng.choice(["12O0.00", "1.234,56", "约3000"])
    elif defect == "negative_amount":
        row[amount_col] = "-300.00"
    elif defect == "unknown_code":
        coded = layout.event_by or next(c.name for c in layout.columns.values() if c.values)
        row[coded] = "未知"
    elif defect == "dates_out_of_order":  # admitted after discharge, say
        other = next(c for c in layout.columns.values() if c.kind == "date" and c.name != time_col and c.name in row)
        row[other.name] = "2099-12-31"
