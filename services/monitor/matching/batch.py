"""Candidates with scores for every record of a batch, in two queries at most."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import asyncpg

from .blocked import blocked_candidates
from .comparisons.prepared import Prepared, prepare
from .elsewhere import elsewhere_candidates
from .id_hits import IdState, score_id_hits
from .id_state import compared_id, id_state
from .lookup import fetch_exact
from .records import PersonLike
from .scored import Scored
from .scoring import with_names_ranked
from .weights import FSModel


def prepare_records(people: Sequence[PersonLike]) -> tuple[list[Prepared], list[IdState]]:
    """Each record ready to compare, with the state of its resident ID (`id_state`)."""
    prepared, states = [], []
    for p in people:
        norm, changed, reason = id_state(p.resident_id)
        prepared.append(prepare(compared_id(p.resident_id, norm), p.name, p.gender, p.birth_date, p.village_code))
        states.append((norm, changed, reason))
    return prepared, states


async def score_batch(conn: asyncpg.Connection, people: Sequence[PersonLike], model: FSModel,
                      use_variants: bool = True, known: Mapping[str, Mapping] | None = None) -> list[Scored]:
    """Candidates with scores for every record. Two queries per batch at most: exact IDs (with
    the members of their households), then blocks. `known`: registry rows (EXACT_SQL's columns)
    by resident ID, fetched by the caller for the batch's valid IDs and the members of their
    households; then the exact query is not run and an ID not in it is not in the registry.
    An ID hit that its owner does not confirm (it would go to review) is also blocked, in the
    same second query, by its other fields and the owner's village when it has none (a
    relative's ID: a grown son's household is often in his father's village); see
    `Scored.elsewhere`."""
    prepared, states = prepare_records(people)
    found = known if known is not None else await fetch_exact(conn, people, [norm for norm, _, _ in states])
    out, fallback, unconfirmed = score_id_hits(model, prepared, states, found, use_variants)
    if fallback or unconfirmed:
        by_record = await blocked_candidates(conn, model, prepared, fallback, unconfirmed, use_variants)
        for i, reason in fallback.items():
            out[i] = Scored(False, "probabilistic", reason,
                            with_names_ranked(model, prepared[i], by_record.get(i, []), use_variants))
        for i in unconfirmed:
            out[i] = replace(out[i], elsewhere=elsewhere_candidates(model, out[i], by_record.get(i, [])))
    return out  # type: ignore[return-value]
