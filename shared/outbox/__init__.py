"""Transactional outbox: messages written in the same transaction as the state change,
published afterwards by a relay with an idempotent producer (DESIGN.md section 7).

The table is the `outbox` of the service's schema. No statement here interpolates the schema's
name: COPY takes it as an identifier asyncpg quotes, and the relay sets it as the search_path of
its own transaction (a parameter of set_config), so any pool works.

Parts: messages (OutboxMessage, `enqueue`), producer (the idempotent producer and the
errors that park a row), publish (`publish_pending`, one batch), relay (`run_relay`, the loop).
"""
from .messages import OutboxMessage, enqueue
from .producer import idempotent_producer
from .publish import publish_pending
from .relay import run_relay

__all__ = ["OutboxMessage", "enqueue", "idempotent_producer", "publish_pending", "run_relay"]
