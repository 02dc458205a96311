"""Scoring the blocked candidates of a batch (matcher.py, step 2), in one query."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import asyncpg

from .blocking.keys import record_keys
from .blocking.neighbours import id_neighbours
from .blocking.query import fetch_candidates
from .candidate import Candidate
from .comparisons.prepared import Prepared
from .scoring import score_candidate
from .weights import FSModel


async def blocked_candidates(conn: asyncpg.Connection, model: FSModel, prepared: Sequence[Prepared],
                             fallback: Mapping[int, str], unconfirmed: Mapping[int, str], use_variants: bool
                             ) -> dict[int, list[tuple[Candidate, Mapping]]]:
    """Record index -> its scored candidates with their rows. `fallback`: the records without a
    usable ID (blocked by their fields and the valid IDs one edit away from theirs);
    `unconfirmed`: ID hits going to review -> the owner's village, blocked by their other fields
    and that village when they have none (a grown son's household is often in his father's
    village). Names are decided for the unconfirmed ones only (see scoring.with_names_ranked)."""
    keys = [(i, k) for i in fallback for k in record_keys(prepared[i])]
    keys += [(i, k) for i, village in unconfirmed.items()
             for k in record_keys(replace(prepared[i], village=prepared[i].village or village))]
    neighbours = [(i, n) for i in fallback for n in id_neighbours(prepared[i].resident_id)]
    by_record: dict[int, list[tuple[Candidate, Mapping]]] = defaultdict(list)
    for row in await fetch_candidates(conn, keys, neighbours):
        i = row["ord"]
        by_record[i].append((score_candidate(model, prepared[i], row, use_variants, with_names=i in unconfirmed),
                             row))
    return by_record
