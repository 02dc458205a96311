"""The labelled file: resident_id,name,gender,birth_date,village_code,true_resident_id[,noise].

An empty true_resident_id means the person is not in the registry. Gender is M/F (男/女 are
read too); birth dates are ISO (1990-01-02), 19900102 or 1990/1/2. Extra columns are ignored
except `noise` (the noise generator's tags, used for a breakdown).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from services.monitor.matching import MatchRecord

COLUMNS = ("resident_id", "name", "gender", "birth_date", "village_code", "true_resident_id", "noise")
REQUIRED = COLUMNS[:6]
_GENDER = {"M": "M", "F": "F", "男": "M", "女": "F", "m": "M", "f": "F"}


@dataclass(frozen=True)
class LabelledRecord:
    resident_id: str
    name: str
    gender: str | None
    birth_date: date | None
    village_code: str | None
    true_resident_id: str  # "" when the person is not in the registry
    noise: tuple[str, ...] = field(default=())


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    parts = re.split(r"[-/.年月日]", text) if not text.isdigit() else [text[:4], text[4:6], text[6:8]]
    try:
        y, m, d = (int(p) for p in parts if p)
        return date(y, m, d)
    except ValueError:
        return None  # an impossible date is treated as missing


def read_csv(path: Path) -> list[LabelledRecord]:
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)} (need {','.join(REQUIRED)})")
        return [LabelledRecord(
            row["resident_id"].strip(), row["name"].strip(), _GENDER.get(row["gender"].strip()),
            parse_date(row["birth_date"]), row["village_code"].strip() or None, row["true_resident_id"].strip(),
            tuple(t for t in (row.get("noise") or "").split(";") if t)) for row in reader]


def as_match_records(recs: Sequence[LabelledRecord]) -> list[MatchRecord]:
    """The matcher's input: what a department would send, without the label."""
    return [MatchRecord(r.resident_id, r.name, r.gender, r.birth_date, r.village_code) for r in recs]


def write_csv(path: Path, recs: Sequence[LabelledRecord]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in recs:
            w.writerow([r.resident_id, r.name, r.gender or "", r.birth_date.isoformat() if r.birth_date else "",
                        r.village_code or "", r.true_resident_id, ";".join(r.noise)])
