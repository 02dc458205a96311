"""The national monitoring system's risk types (致贫/返贫风险类型, GLOSSARY)."""
from typing import Literal

RiskType = Literal[
    "illness", "disability", "schooling", "natural_disaster", "accident", "failed_project",
    "unstable_work", "lack_of_labour", "unsafe_housing", "unsafe_water", "other",
]
