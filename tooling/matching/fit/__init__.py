"""Fit the matcher's model from the registry and a labelled file.

    python -m tooling.matching.fit TRAIN.csv [--out services/monitor/matching/data/model.json]

u: registry people used as pseudo-records (their resident ID mistyped once, as records that
reach the fallback have it), blocked exactly as at run time; every candidate that is not the
person is a non-matching pair. m: the true pairs of the labelled file. Thresholds: on the
labelled file's decisions (thresholds.choose_thresholds), bounded by the prior odds the file
shows (see `fit`). Reads DATABASE_URL.

Modules: counts (LevelCounts), pairs (the u and m counts), decisions (what the labelled file
says about the thresholds), thresholds, model (`fit`), provenance (how the model file says it
was made), __main__ (the command).
"""
