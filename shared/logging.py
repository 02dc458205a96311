"""structlog JSON logging with personal data masked (PIPL; DESIGN.md section 8).

Resident IDs and names never reach a log line: keys that carry them are dropped and any
ID-shaped run of characters in any value is masked, so a careless `log.info(..., body=raw)`
is still safe.
"""
import logging
import sys

import structlog

from shared.log_masking import mask_personal_data


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
