"""splink (DuckDB backend) as the comparison for the matching benchmark.

One recipe for both data sets, as splink's documentation sets it up for a link-only job:
u by random sampling, the prior from a deterministic rule, m from the same labelled training
pairs that our matcher gets, then predict with blocking rules. A record is linked to its best
registry candidate when that candidate's match probability reaches the threshold that gives
the best F1 on the training records (the most favourable choice we can make for splink).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from tooling.matching.evaluate.scores import Scores, score

LEFT, RIGHT = "registry", "records"


@dataclass
class SplinkRun:
    scores: Scores
    train_seconds: float
    predict_seconds: float
    threshold: float


def synthetic_settings() -> SettingsCreator:
    """The synthetic registry's fields, pre-processed as a sensible splink user would: IDs
    normalised, names split at the dot and written in pinyin (the same helpers as ours)."""
    village = cl.CustomComparison(
        output_column_name="village_code",
        comparison_levels=[
            cll.NullLevel("village_code"),
            cll.ExactMatchLevel("village_code"),
            cll.CustomLevel("substr(village_code_l, 1, 9) = substr(village_code_r, 1, 9)", label_for_charts="township"),
            cll.CustomLevel("substr(village_code_l, 1, 6) = substr(village_code_r, 1, 6)", label_for_charts="county"),
            cll.ElseLevel(),
        ])
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.DamerauLevenshteinAtThresholds("resident_id", [1, 2]),
            cl.ForenameSurnameComparison("given_py", "family_py"),
            cl.ExactMatch("gender"),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            village,
        ],
        blocking_rules_to_generate_predictions=[
            block_on("resident_id"), block_on("village_code", "birth_year"), block_on("county", "birth_date"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def febrl_settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"), cl.JaroWinklerAtThresholds("address_1", [0.9, 0.75]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]), cl.DamerauLevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"), block_on("surname"), block_on("date_of_birth"), block_on("soc_sec_id"),
            block_on("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _duckdb() -> DuckDBAPI:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    return DuckDBAPI(connection=con)


def _best(predictions: pd.DataFrame) -> dict[str, tuple[str, float]]:
    """record unique_id -> (registry unique_id, match probability) of its best candidate."""
    if predictions.empty:
        return {}
    p = predictions
    left_is_registry = p["source_dataset_l"] == LEFT
    rec = p["unique_id_r"].where(left_is_registry, p["unique_id_l"])
    reg = p["unique_id_l"].where(left_is_registry, p["unique_id_r"])
    frame = pd.DataFrame({"rec": rec, "reg": reg, "p": p["match_probability"]})
    top = frame.sort_values("p", ascending=False).drop_duplicates("rec")
    return {r: (g, prob) for r, g, prob in zip(top["rec"], top["reg"], top["p"])}


def _predict(settings, registry: pd.DataFrame, records: pd.DataFrame) -> dict[str, tuple[str, float]]:
    db = _duckdb()
    linker = Linker([db.register(registry, dataset_display_name=LEFT), db.register(records, dataset_display_name=RIGHT)],
                    settings, log_level=logging.WARNING)
    return _best(linker.inference.predict(threshold_match_probability=0.01, warning_mode="never")
                 .as_pandas_dataframe())


def _scores(records: pd.DataFrame, truth_col: str, best: dict, threshold: float) -> Scores:
    truth = [t or "" for t in records[truth_col]]
    linked = [best[u][0] if u in best and best[u][1] >= threshold else None for u in records["unique_id"]]
    return score(truth, linked, [False] * len(truth))


def run(settings: SettingsCreator, registry: pd.DataFrame, train: pd.DataFrame, test: pd.DataFrame,
        deterministic: Sequence, recall: float, truth_col: str = "true_id", seed: int = 1) -> SplinkRun:
    """Train on (registry, train), choose the threshold on train, score test. `truth_col`
    holds the registry unique_id of the true person or None."""
    started = time.perf_counter()
    db = _duckdb()
    linker = Linker([db.register(registry, dataset_display_name=LEFT),
                     db.register(train.drop(columns=[truth_col]), dataset_display_name=RIGHT)],
                    settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(list(deterministic), recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=seed)
    labels = pd.DataFrame({"source_dataset_l": LEFT, "unique_id_l": train[truth_col],
                           "source_dataset_r": RIGHT, "unique_id_r": train["unique_id"]}).dropna()
    linker.training.estimate_m_from_pairwise_labels(db.register(labels, table_name="pairwise_labels"))
    model = linker.misc.save_model_to_json()
    best_train = _predict(model, registry, train.drop(columns=[truth_col]))
    threshold = max((t / 100 for t in range(1, 100)),
                    key=lambda t: _scores(train, truth_col, best_train, t).f1)
    trained = time.perf_counter()
    best_test = _predict(model, registry, test.drop(columns=[truth_col]))
    done = time.perf_counter()
    return SplinkRun(_scores(test, truth_col, best_test, threshold), trained - started, done - trained, threshold)
