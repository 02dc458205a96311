"""Match a batch of department records to the household registry (DESIGN.md section 4).

1. Every resident ID that normalises to a valid one is looked up in ONE `= ANY($1)` query,
   which also returns every member of the households of the people found.
   A hit links to the ID's owner only when nothing says it is someone else of the family
   (`id_decision.decide_id_hit`; issue 15: clerks type the household head's or a sibling's ID):
   the record is compared with every member of the owner's household, and it goes to review
   (with the members that fit, and the owner) when another member fits as well or better,
   when the owner's given or father's name differs by a syllable that no transliteration rule
   explains, or when the owner's birth date or sex disagrees; it goes to the other member only
   when the evidence for them is decisive (see `relatives.decisive_relative`). A record held for review
   this way is also blocked as in step 2 (in the same query), and the people found whose names
   agree join its candidates (`elsewhere.with_elsewhere`; a relative's ID from another household), or
   take the link when decisive (`elsewhere.decisive_elsewhere`). An ID with the shape a
   spreadsheet leaves (`shared.resident_id.truncated_by_spreadsheet`) never links on its own: the other fields must
   reach the auto-link threshold, as in step 2.
2. The rest (ID missing, invalid, or valid but unknown; an ID refused for a character nobody
   types, id_state.NO_EVIDENCE, is compared as no ID) are blocked (blocking/) in ONE more
   query, every candidate is scored with Fellegi-Sunter weights (weights.py), and the best
   one is linked, sent to review, or rejected by the model's thresholds (the auto-link one
   depends on why the ID failed; the best must also lead its rival by `margin` bits, its names
   must agree by the rules of `names.syllables.variant_of` (a name one syllable away is a sibling's or a
   twin's, never a reason to link), and its sex and birth date (exact or day-month swapped) too:
   a namesake of the village born another day is not linked).
No personal data leaves as text other than the registry IDs in the results; field levels say
what agreed (`same_sound`), never the value.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import asyncpg

from .batch import score_batch
from .decision import decide
from .id_decision import decide_id_hit
from .records import PersonLike
from .result import MatchResult
from .scored import Scored
from .weights import FSModel, load_model


@lru_cache(maxsize=1)
def default_model() -> FSModel:
    return load_model()


def decide_scored(model: FSModel, s: Scored) -> MatchResult:
    return decide_id_hit(model, s) if s.exact else decide(model, s.ranked, s.reason)


async def match_batch(conn: asyncpg.Connection, people: Sequence[PersonLike], *, model: FSModel | None = None,
                      use_variants: bool = True, known: Mapping[str, Mapping] | None = None) -> list[MatchResult]:
    """One MatchResult per input, in order; at most two queries for the whole batch (one with `known`,
    see batch.score_batch)."""
    model = model or default_model()
    return [decide_scored(model, s) for s in await score_batch(conn, people, model, use_variants, known)]
