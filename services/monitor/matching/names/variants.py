"""The transliteration variants table (data/transliteration_variants.csv, see data/SOURCES.md)."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

VARIANTS_CSV = Path(__file__).resolve().parent.parent / "data" / "transliteration_variants.csv"


@lru_cache(maxsize=1)
def variant_tables() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(whole-name variant -> canonical, [(element variant, canonical)] longest first)."""
    names: dict[str, str] = {}
    elements: list[tuple[str, str]] = []
    with VARIANTS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["scope"] == "name":
                names[row["variant"]] = row["canonical"]
            else:
                elements.append((row["variant"], row["canonical"]))
    elements.sort(key=lambda e: -len(e[0]))  # longest element first
    return names, elements


@lru_cache(maxsize=65536)
def fold_variants(part: str) -> str:
    """One spelling for all variants of a name part that the table knows (unchanged if none).
    Whole-name and element rules are applied until nothing changes, so folding is idempotent
    and two variants of one name always fold to the same text."""
    names, elements = variant_tables()
    for _ in range(4):
        before = part
        part = names.get(part, part)
        for variant, canonical in elements:
            if variant in part:
                part = part.replace(variant, canonical)
        if part == before:
            break
    return part
