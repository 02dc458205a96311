"""The matcher run over labelled records in batches, timed."""
from __future__ import annotations

import time
from collections.abc import Sequence

import asyncpg

from services.monitor.matching import MatchResult, match_batch
from services.monitor.matching.weights import FSModel

from ..labelled import LabelledRecord, as_match_records


async def run_matcher(conn: asyncpg.Connection, recs: Sequence[LabelledRecord], model: FSModel, batch: int = 1000,
                      use_variants: bool = True) -> tuple[list[MatchResult], float]:
    """All results and the seconds spent in match_batch."""
    people = as_match_records(recs)
    results: list[MatchResult] = []
    started = time.perf_counter()
    for i in range(0, len(people), batch):
        results += await match_batch(conn, people[i:i + batch], model=model, use_variants=use_variants)
    return results, time.perf_counter() - started
