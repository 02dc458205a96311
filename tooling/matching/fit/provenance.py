"""How a fitted model file says it was made (its "provenance")."""
from __future__ import annotations

from datetime import date

from .counts import LevelCounts
from .decisions import Decisions


def provenance(*, u_sample: int, seed: int, u: LevelCounts, m: LevelCounts, source: str, records: int, d: Decisions,
               link: float, prior: float, by_reason: dict[str, float], id_prior: float, use_variants: bool,
               registry_persons: int) -> dict:
    """The counts, sources and methods behind a model, and the figures its thresholds came from."""
    return {
        "fitted": date.today().isoformat(),
        "registry_persons": registry_persons,
        "u": {"pseudo_records": u_sample, "seed": seed, "non_matching_pairs": sum(u.counts[1]),
              "counts": u.counts, "method": "registry people as records (ID mistyped once), blocked as at run time"},
        "m": {"labelled": source, "records": records, "true_pairs": sum(m.counts[1]), "counts": m.counts,
              "method": "true pairs of the labelled file; the ID field only where the ID did not match exactly"},
        "thresholds": {
            "link": "the most probabilistic links of the labelled file that keep precision 0.995, halfway to "
                    "the next lower score, but at least minus the prior log2-odds of a blocked pair",
            "review": "99 % of true persons found by blocking score above it",
            "exact_review_below": "minus the log2-odds that an ID hit is the right person",
            "link_by_reason": "the same, with the prior of the records whose ID failed that way",
            "data_driven_link": round(link, 3), "blocked_pair_prior_log2_odds": round(prior, 3),
            "prior_log2_odds_by_reason": {r: round(p, 3) for r, p in by_reason.items()},
            "id_hit_prior_log2_odds": round(id_prior, 3), "id_hits": [d.id_hits_right, d.id_hits_wrong],
            "blocked_pairs": {r: [d.true_pairs[r], d.pairs[r]] for r in sorted(d.pairs)},
        },
        "use_variants": use_variants,
    }
