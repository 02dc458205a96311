"""Personal data masked in log events (PIPL; DESIGN.md section 8): keys that carry resident IDs
and names are dropped and any ID-shaped run of characters in any value is masked, so a careless
`log.info(..., body=raw)` is still safe."""
import re

from pydantic import BaseModel

PERSONAL_KEYS = frozenset({"resident_id", "name", "person", "id_number", "birth_date"})
# 17 digits + digit/X, or an old 15-digit ID; with full-width digits folded by \d in Python re.
ID_SHAPED = re.compile(
    r"(?<![0-9A-Za-z])\d{6}[\s-]?\d{8}[\s-]?\d{3}[\dXx]"  # 18 characters, with or without separators
    r"|(?<!\d)\d{15}(?!\d)"  # the old 15-digit form
)
MASK = "***"
# pydantic error texts quote the offending input; that input can be a whole person record.
PYDANTIC_INPUT = re.compile(r"input_value=.*?(?=, input_type=)", re.S)


def _mask_value(value):
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", errors="replace")
    elif isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif not isinstance(value, (str, dict, list, tuple, int, float, bool, type(None))):
        value = str(value)  # JSONRenderer would fall back to repr(), unmasked
    if isinstance(value, str):
        return ID_SHAPED.sub(MASK, PYDANTIC_INPUT.sub("input_value=" + MASK, value))
    if isinstance(value, dict):
        return {k: (MASK if k in PERSONAL_KEYS else _mask_value(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask_value(v) for v in value]
    return value


def mask_personal_data(_logger, _method, event_dict: dict) -> dict:
    """structlog processor: drop personal keys, mask ID-shaped text everywhere else."""
    return {k: (MASK if k in PERSONAL_KEYS else _mask_value(v)) for k, v in event_dict.items()}
