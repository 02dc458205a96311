"""Identity matching of department records to the household registry (DESIGN.md section 4).

Entry point for the pipeline: `match_batch(conn, people) -> list[MatchResult]` (matcher.py, which
describes the two steps). A batch: records (PersonLike) -> id_state (what the ID is worth) ->
lookup (ONE query by ID) -> id_hits (owner and household, relatives.py) and blocked (blocking/,
ONE more query) scored by scoring.py into Scored (batch.py) -> decisions: id_decision (with
elsewhere.py) or decision (probabilistic) -> MatchResult (result.py) with Candidates
(candidate.py). Below: names (dots, variants, pinyin), comparisons (field levels), weights
(Fellegi-Sunter m/u and thresholds, the model file data/model.json), keys (rebuilding
monitor.match_keys). Fitting the model, labelled test files with noise and evaluation are
offline tooling (tooling/matching: `python -m tooling.matching.evaluate LABELLED.csv`).
"""
from .candidate import Candidate
from .matcher import match_batch
from .records import MatchRecord, PersonLike
from .result import MatchResult

__all__ = ["Candidate", "MatchRecord", "MatchResult", "PersonLike", "match_batch"]
