"""Scoring registry people against a record with the Fellegi-Sunter weights (weights.py)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import asyncpg

from .candidate import Candidate
from .comparisons import compare
from .comparisons.agreement import names_agree
from .comparisons.prepared import Prepared, registry_person
from .weights import FSModel


def row_person(row: asyncpg.Record) -> Prepared:
    return registry_person(row["resident_id"], row["name"], row["gender"], row["birth_date"], row["village_code"])


def score_candidate(model: FSModel, rec: Prepared, row: Mapping, use_variants: bool, id_hit: bool = False,
                    with_names: bool = True) -> Candidate:
    """A registry person scored against a record; for the ID's owner (`id_hit`) the ID field is
    left out, the score being what the OTHER fields say. `with_names`: also decide whether the
    names agree (`names_agree`; left None otherwise, see `with_names_ranked`)."""
    person = row_person(row)
    levels = compare(rec, person, use_variants)
    if id_hit:
        levels = (None,) + levels[1:]
    agree = _names_agree(rec, person, levels, use_variants) if with_names else None
    return Candidate(row["resident_id"], row["household_id"], round(model.score(levels), 3), levels, model, id_hit,
                     agree)


def _names_agree(rec: Prepared, person: Prepared, levels: tuple[int | None, ...], use_variants: bool) -> bool | None:
    """names_agree, without the work when both parts are exact or same sound (always one name)."""
    given, family = levels[1], levels[2]
    if given is not None and given <= 1 and (family is None or family <= 1):
        return True
    return names_agree(rec.name, person.name, use_variants)


def with_names_ranked(model: FSModel, rec: Prepared, scored: list[tuple[Candidate, Mapping]], use_variants: bool
                      ) -> tuple[Candidate, ...]:
    """Candidates best first; whether the names agree is decided for those within `margin` bits of
    the best (the only ones the decision looks at: the best and its possible rivals)."""
    scored.sort(key=lambda cr: -cr[0].score)
    if not scored:
        return ()
    floor = scored[0][0].score - model.margin
    return tuple(replace(c, names_agree=_names_agree(rec, row_person(row), c.levels, use_variants))
                 if c.score >= floor else c for c, row in scored)
