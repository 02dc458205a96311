"""structlog JSON logging with personal data masked (PIPL; DESIGN.md section 8).

Resident IDs and names never reach a log line: keys that carry them are dropped and any
ID-shaped run of characters in any value is masked, so a careless `log.info(..., body=raw)`
is still safe.
"""
import logging
import re
import sys

import structlog
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


def configure(service: str, level: str = "INFO") -> structlog.stdlib.BoundLogger:
    """JSON lines on stderr for `service`; also routes stdlib logging (aiokafka, uvicorn) through the mask."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        mask_personal_data,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.JSONRenderer(ensure_ascii=False)],
    ))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries that installed their own handlers (FastStream does) would bypass the mask.
    for other in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(other, logging.Logger) and other.handlers:
            other.handlers.clear()
            other.propagate = True
    structlog.contextvars.bind_contextvars(service=service)
    return structlog.get_logger(service)
