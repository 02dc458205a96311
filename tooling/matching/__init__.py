"""Offline tooling of the matcher (services/monitor/matching, DESIGN.md section 4).

noise (labelled test files with stated noise, and how clerks corrupt IDs and names), labelled (the file format), fit
(estimating the model's m/u and thresholds into services/monitor/matching/data/model.json),
evaluate (`python -m tooling.matching.evaluate LABELLED.csv`), hardcases (the relatives set).
"""
