"""Fitting the matcher's model: u, m, then the thresholds bounded by the prior odds."""
from __future__ import annotations

import math
from collections.abc import Sequence

import asyncpg

from services.monitor.matching.comparisons.levels import FIELDS
from services.monitor.matching.weights import FSModel

from ..labelled import LabelledRecord
from .decisions import Decisions, decisions
from .pairs import count_m, count_u
from .provenance import provenance
from .thresholds import choose_thresholds


async def fit(conn: asyncpg.Connection, recs: Sequence[LabelledRecord], *, u_sample: int = 20000, seed: int = 11,
              use_variants: bool = True, source: str = "") -> FSModel:
    """A model fitted on the registry (u, `u_sample` people, `seed`) and the labelled `recs` (m and
    the thresholds); `source` names the labelled file in the model's provenance."""
    u = await count_u(conn, u_sample, seed, use_variants)
    m = await count_m(conn, recs, use_variants)
    model = FSModel(FIELDS, m.probabilities(), u.probabilities(), math.inf, math.inf)
    d = await decisions(conn, model, recs, use_variants)
    link, review = choose_thresholds(d.best, d.true_scores)
    # Never link automatically what the model itself finds likelier someone else: the prior
    # odds of a blocked pair (for records whose ID failed the same way) times the likelihood
    # ratio must reach 1.
    prior = Decisions.log2_odds(sum(d.true_pairs.values()), sum(d.pairs.values()) - sum(d.true_pairs.values()))
    by_reason = {r: Decisions.log2_odds(d.true_pairs[r], d.pairs[r] - d.true_pairs[r]) for r in sorted(d.pairs)}
    model.link_threshold = round(max(link, -prior), 3)
    model.link_by_reason = {r: round(max(link, -p), 3) for r, p in by_reason.items()}
    model.review_threshold = round(min(review, model.link_threshold), 3)
    # An ID hit goes to review when the other fields make it likelier someone else than the person.
    id_prior = Decisions.log2_odds(d.id_hits_right, d.id_hits_wrong)
    model.exact_review_below = round(-id_prior, 3)
    model.provenance = provenance(
        u_sample=u_sample, seed=seed, u=u, m=m, source=source, records=len(recs), d=d, link=link, prior=prior,
        by_reason=by_reason, id_prior=id_prior, use_variants=use_variants,
        registry_persons=await conn.fetchval("SELECT count(*) FROM monitor.persons"))
    return model
