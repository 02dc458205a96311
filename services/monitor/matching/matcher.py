"""Match a batch of department records to the household registry (DESIGN.md section 4).

1. Every resident ID that normalises to a valid one is looked up in ONE `= ANY($1)` query.
   A hit is an exact (or normalised) link, unless the other fields (name, sex, birth date,
   village) score below the model's `exact_review_below`, i.e. make it likelier that the ID
   belongs to someone else (a relative's ID typed on the bill): then a person reviews it.
2. The rest (ID missing, invalid, or valid but unknown) are blocked (blocking.py) in ONE more
   query, every candidate is scored with Fellegi-Sunter weights (weights.py), and the best
   one is linked, sent to review, or rejected by the model's thresholds (the auto-link one
   depends on why the ID failed; the best must also lead the runner-up by `margin` bits).
No personal data leaves as text other than the registry IDs in the results; field levels say
what agreed (`same_sound`), never the value.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal, Protocol

import asyncpg

from shared.resident_id import InvalidResidentId, normalise

from . import blocking
from .comparisons import Prepared, compare, prepare, registry_person
from .weights import FSModel, load_model

Method = Literal["exact", "normalised", "probabilistic"]
Band = Literal["link", "review", "reject"]

EXACT_SQL = (
    "SELECT p.resident_id, p.household_id, p.name, p.gender, p.birth_date, h.village_code "
    "FROM monitor.persons p JOIN monitor.households h USING (household_id) "
    "WHERE p.resident_id = ANY($1::text[])"
)
TOP = 3  # candidates kept for review


class PersonLike(Protocol):
    """What a department says about the person; shared.contracts.types.Person fits."""

    resident_id: str | None
    name: str | None
    gender: str | None
    birth_date: date | None
    village_code: str | None


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """A plain PersonLike (the evaluation reads these from CSV)."""

    resident_id: str | None
    name: str | None
    gender: str | None = None
    birth_date: date | None = None
    village_code: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored registry person; `levels` index into the model's FIELDS (None = not compared)."""

    resident_id: str
    household_id: str
    score: float
    levels: tuple[int | None, ...]
    model: FSModel = field(repr=False, compare=False)
    id_hit: bool = False  # found by its resident ID: the score is the other fields only

    @property
    def compared_fields(self) -> dict[str, tuple[str, float]]:
        """field -> (level, weight in bits), e.g. {'given_name': ('same_sound', 6.96)}."""
        fields = self.model.explain(self.levels)
        return {"resident_id": ("same", 0.0), **fields} if self.id_hit else fields


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The decision for one record. `resident_id`/`household_id` are set only for band 'link';
    `candidates` (best first, at most 3) let a reviewer choose. `reason` is a code, never
    personal data: id_in_registry | id_contradicted, or for the probabilistic path
    id_missing | id_invalid | id_unknown followed by :linked | :ambiguous | :below_link |
    :below_review | :no_candidates."""

    resident_id: str | None
    household_id: str | None
    method: Method
    band: Band
    score: float | None
    candidates: tuple[Candidate, ...]
    reason: str

    @property
    def compared_fields(self) -> dict[str, tuple[str, float]]:
        """The fields compared for the best candidate, with level and weight."""
        return self.candidates[0].compared_fields if self.candidates else {}

    def link_fields(self) -> list[str]:
        """For the alert's Link.compared_fields: 'given_name=same_sound(+7.0)'."""
        return [f"{name}={level}({weight:+.1f})" for name, (level, weight) in self.compared_fields.items()]


@lru_cache(maxsize=1)
def default_model() -> FSModel:
    return load_model()


def row_person(row: asyncpg.Record) -> Prepared:
    return registry_person(row["resident_id"], row["name"], row["gender"], row["birth_date"], row["village_code"])


def _candidate(model: FSModel, rec: Prepared, row: asyncpg.Record, use_variants: bool) -> Candidate:
    levels = compare(rec, row_person(row), use_variants)
    return Candidate(row["resident_id"], row["household_id"], round(model.score(levels), 3), levels, model)


def _id_hit(model: FSModel, rec: Prepared, row: asyncpg.Record, use_variants: bool) -> Candidate:
    """The registry person with the record's ID; the score is what the OTHER fields say."""
    levels = (None,) + compare(rec, row_person(row), use_variants)[1:]
    return Candidate(row["resident_id"], row["household_id"], round(model.score(levels), 3), levels, model, True)


def id_state(raw: str | None) -> tuple[str | None, bool, str]:
    """(normalised ID or None, changed by normalisation, why it cannot link by itself)."""
    if raw is None or not str(raw).strip():
        return None, False, "id_missing"
    try:
        n = normalise(raw)
    except InvalidResidentId:
        return None, False, "id_invalid"
    return n.value, n.changed, "id_unknown"


def decide(model: FSModel, ranked: Sequence[Candidate], reason: str) -> MatchResult:
    """Probabilistic decision on candidates sorted best first."""
    if not ranked:
        return MatchResult(None, None, "probabilistic", "reject", None, (), f"{reason}:no_candidates")
    best = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else float("-inf")
    top = tuple(ranked[:TOP])
    link = model.link_threshold_for(reason)
    if best.score >= link and best.score - runner_up >= model.margin:
        return MatchResult(best.resident_id, best.household_id, "probabilistic", "link", best.score, top,
                           f"{reason}:linked")
    if best.score >= model.review_threshold:
        why = "ambiguous" if best.score >= link else "below_link"
        return MatchResult(None, None, "probabilistic", "review", best.score, top, f"{reason}:{why}")
    return MatchResult(None, None, "probabilistic", "reject", best.score, top, f"{reason}:below_review")


@dataclass(frozen=True, slots=True)
class Scored:
    """A record's candidates before the decision: the exact hit alone, or the blocked ones."""

    exact: bool
    method: Method
    reason: str
    ranked: tuple[Candidate, ...]  # best first


async def score_batch(conn: asyncpg.Connection, people: Sequence[PersonLike], model: FSModel,
                      use_variants: bool = True, known: Mapping[str, Mapping] | None = None) -> list[Scored]:
    """Candidates with scores for every record. Two queries per batch at most: exact IDs, then blocks.
    `known`: registry rows (EXACT_SQL's columns) by normalised ID, fetched by the caller for the
    batch's valid IDs; then the exact query is not run and an ID not in it is not in the registry."""
    prepared: list[Prepared] = []
    states = []
    for p in people:
        norm, changed, reason = id_state(p.resident_id)
        prepared.append(prepare(norm or p.resident_id, p.name, p.gender, p.birth_date, p.village_code))
        states.append((norm, changed, reason))
    ids = sorted({s[0] for s in states if s[0]})
    if known is not None:
        found = known
    else:
        found = {r["resident_id"]: r for r in await conn.fetch(EXACT_SQL, ids)} if ids else {}

    out: list[Scored | None] = [None] * len(people)
    fallback: dict[int, str] = {}
    for i, (rec, (norm, changed, reason)) in enumerate(zip(prepared, states)):
        row = found.get(norm) if norm else None
        if row is None:
            fallback[i] = reason
        else:
            out[i] = Scored(True, "normalised" if changed else "exact", "id_in_registry",
                            (_id_hit(model, rec, row, use_variants),))
    if fallback:
        keys = [(i, k) for i in fallback for k in blocking.record_keys(prepared[i])]
        neighbours = [(i, n) for i in fallback for n in blocking.id_neighbours(prepared[i].resident_id)]
        by_record: dict[int, list[Candidate]] = defaultdict(list)
        for row in await blocking.fetch_candidates(conn, keys, neighbours):
            i = row["ord"]
            by_record[i].append(_candidate(model, prepared[i], row, use_variants))
        for i, reason in fallback.items():
            ranked = tuple(sorted(by_record.get(i, ()), key=lambda c: -c.score))
            out[i] = Scored(False, "probabilistic", reason, ranked)
    return out  # type: ignore[return-value]


def decide_scored(model: FSModel, s: Scored) -> MatchResult:
    if not s.exact:
        return decide(model, s.ranked, s.reason)
    c = s.ranked[0]
    if c.score >= model.exact_review_below:
        return MatchResult(c.resident_id, c.household_id, s.method, "link", c.score, s.ranked, s.reason)
    # The ID exists but name, sex and birth date say it is someone else: a person decides.
    return MatchResult(None, None, s.method, "review", c.score, s.ranked, "id_contradicted")


async def match_batch(conn: asyncpg.Connection, people: Sequence[PersonLike], *, model: FSModel | None = None,
                      use_variants: bool = True, known: Mapping[str, Mapping] | None = None) -> list[MatchResult]:
    """One MatchResult per input, in order; at most two queries for the whole batch (one with `known`,
    see score_batch)."""
    model = model or default_model()
    return [decide_scored(model, s) for s in await score_batch(conn, people, model, use_variants, known)]
