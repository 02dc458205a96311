"""Identity matching of department records to the household registry (DESIGN.md section 4).

Entry point for the pipeline: `match_batch(conn, people) -> list[MatchResult]` (matcher.py).
Modules: names (dots, variants, pinyin), comparisons (field levels), blocking (candidate
keys, one query per batch), weights (Fellegi-Sunter m/u and thresholds), fit (estimating
them), keys (rebuilding monitor.match_keys), noise and labelled (labelled test files),
evaluate (`python -m services.monitor.matching.evaluate LABELLED.csv`).
"""
from .matcher import Candidate, MatchRecord, MatchResult, PersonLike, match_batch

__all__ = ["Candidate", "MatchRecord", "MatchResult", "PersonLike", "match_batch"]
