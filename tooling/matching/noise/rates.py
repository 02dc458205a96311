"""Shares of records with each kind of noise."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NoiseRates:
    """Shares of records with each kind of noise (issue 3 defaults)."""

    id_typo: float = 0.03
    id_missing: float = 0.05
    id_15_digit: float = 0.02
    transliteration: float = 0.25  # share of records with a Uyghur-style name
    middle_dot: float = 0.10  # share of records with a Uyghur-style name
    date_swap: float = 0.02
    not_in_registry: float = 0.05
    id_format: float = 0.03  # full-width digits, spaces, lower-case x: normalisation fixes these
