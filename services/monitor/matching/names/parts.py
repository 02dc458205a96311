"""A name cleaned and split at its separator into given name and family part."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Characters written between the given name and the father's name (after NFKC folding,
#: which already maps the full-width and small forms to these).
SEPARATORS = "·•‧.・∙⋅‐-丶 "
_SPLIT = re.compile("[" + re.escape(SEPARATORS) + "]+")
_DROP = re.compile(r"[^\w" + re.escape(SEPARATORS) + "]")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name as compared: `family` is None when the name had no separator and its split is
    decided per comparison (a Uyghur name whose dot was left out looks like one word)."""

    given: str
    family: str | None
    whole: str  # all parts joined without separators
    dotted: bool


def clean(text: str) -> str:
    """NFKC (full-width forms to ASCII), separators unified to one, other punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = _DROP.sub("", folded)
    return _SPLIT.sub("·", folded).strip("·")


@lru_cache(maxsize=65536)
def split_name(text: str) -> NameParts | None:
    """Split at the first separator; names without one keep `family=None`."""
    name = clean(text or "")
    if not name:
        return None
    if "·" in name:
        given, family = name.split("·", 1)
        family = family.replace("·", "")
        return NameParts(given, family or None, given + family, True)
    return NameParts(name, None, name, False)


def han_split(whole: str) -> tuple[str, str]:
    """Han order: one-character surname first (compound surnames are rare in the registry)."""
    return whole[1:], whole[:1]
