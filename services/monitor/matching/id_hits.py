"""Scoring the records whose resident ID is in the registry: the ID's owner and the members
of the owner's household who could fit the record as well (matcher.py, step 1)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from .comparisons.prepared import Prepared
from .id_decision import decide_owner
from .relatives import relatives_to_score
from .scored import Scored
from .scoring import score_candidate
from .weights import FSModel

#: (normalised ID or None, changed by normalisation, why it cannot link by itself): `id_state`.
IdState = tuple[str | None, bool, str]


def score_id_hits(model: FSModel, prepared: Sequence[Prepared], states: Sequence[IdState],
                  found: Mapping[str, Mapping], use_variants: bool
                  ) -> tuple[list[Scored | None], dict[int, str], dict[int, str]]:
    """(Scored for each ID hit, None elsewhere; record index -> reason, for the records to block
    instead; record index -> the owner's village, for the ID hits going to review, to block too).
    `found`: registry rows by resident ID (lookup.EXACT_SQL's columns)."""
    households: dict[str, list[Mapping]] = defaultdict(list)
    for row in found.values():
        households[row["household_id"]].append(row)
    out: list[Scored | None] = [None] * len(prepared)
    fallback: dict[int, str] = {}
    unconfirmed: dict[int, str] = {}
    for i, (rec, (norm, changed, reason)) in enumerate(zip(prepared, states)):
        row = found.get(norm) if norm else None
        if row is None:
            fallback[i] = reason
            continue
        owner = score_candidate(model, rec, row, use_variants, id_hit=True)
        members = [m for m in households[row["household_id"]] if m["resident_id"] != norm]
        relatives = tuple(score_candidate(model, rec, m, use_variants)
                          for m in relatives_to_score(rec, owner, members))
        out[i] = Scored(True, "normalised" if changed else "exact", "id_in_registry", (owner,), relatives,
                        reason == "id_truncated")
        if decide_owner(model, out[i]).band == "review":
            unconfirmed[i] = row["village_code"]
    return out, fallback, unconfirmed
