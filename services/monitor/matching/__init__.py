"""Identity matching of department records to the household registry (DESIGN.md section 4).

Entry point for the pipeline: `match_batch(conn, people) -> list[MatchResult]` (matcher.py).
Modules: names (dots, variants, pinyin), comparisons (field levels), blocking (candidate
keys, one query per batch), weights (Fellegi-Sunter m/u and thresholds, the model file
data/model.json), keys (rebuilding monitor.match_keys). Fitting the model, labelled test files
with noise and evaluation are offline tooling (tooling/matching:
`python -m tooling.matching.evaluate LABELLED.csv`).
"""
from .matcher import Candidate, MatchRecord, MatchResult, PersonLike, match_batch

__all__ = ["Candidate", "MatchRecord", "MatchResult", "PersonLike", "match_batch"]
