"""Measure the matcher on a labelled file against the registry in the database.

    python -m tooling.matching.evaluate LABELLED.csv [--database-url URL] [--batch 1000]

LABELLED.csv: resident_id,name,gender,birth_date,village_code,true_resident_id (empty
true_resident_id = not in the registry). Only automatic links count as predictions:
precision = right links / links; recall = right links / records whose person is in the
registry; review = share of records sent to review. rps = records per second through
`match_batch` (database round trips included, CSV reading excluded). The last line is
exactly `precision=P recall=R f1=F review=S rps=N`.

Modules: scores (precision, recall, F1, review), runner (`run_matcher`), breakdown (by noise tag),
__main__ (the command).
"""
