"""The matcher's results per noise tag of a labelled file."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from services.monitor.matching import MatchResult

from ..labelled import LabelledRecord


def breakdown(recs: Sequence[LabelledRecord], results: Sequence[MatchResult]) -> list[str]:
    """Per noise tag (from the noise generator): records, those in the registry, right and wrong
    links, review, and people in the registry left unlinked."""
    rows: dict[str, Counter] = {}
    for r, x in zip(recs, results):
        linked = x.band == "link"
        outcome = {"records": 1, "in_registry": bool(r.true_resident_id), "review": x.band == "review",
                   "right": linked and x.resident_id == r.true_resident_id,
                   "wrong": linked and x.resident_id != r.true_resident_id,
                   "missed": bool(r.true_resident_id) and not (linked and x.resident_id == r.true_resident_id)}
        for tag in r.noise or ("clean",):
            rows.setdefault(tag.split(":")[0] if tag.startswith("dot") else tag, Counter()).update(outcome)
    cols = ("records", "in_registry", "right", "wrong", "review", "missed")
    lines = [f"{'noise':<30}" + "".join(f"{c:>12}" for c in cols)]
    for tag, c in sorted(rows.items(), key=lambda kv: -kv[1]["records"]):
        lines.append(f"{tag:<30}" + "".join(f"{c[k]:>12}" for k in cols))
    return lines
