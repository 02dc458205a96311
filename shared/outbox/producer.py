"""The relay's Kafka producer, and the send errors that no retry can cure."""
from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (InvalidTopicError, MessageSizeTooLargeError, RecordTooLargeError,
                             TopicAuthorizationFailedError)


def idempotent_producer(client: dict, **kw) -> AIOKafkaProducer:
    """acks=all, idempotent, with a request size limit we also enforce at the edge. `client`: where
    the brokers are and how to log in, shared.kafka_security.client_options(bootstrap[, principal])."""
    return AIOKafkaProducer(**client, enable_idempotence=True, acks="all",
                            linger_ms=5, max_request_size=1_048_576, **kw)


# Errors after which sending the same bytes again cannot succeed: park the row, keep the rest moving.
PERMANENT = (MessageSizeTooLargeError, RecordTooLargeError, InvalidTopicError, TopicAuthorizationFailedError)


async def queue_send(producer: AIOKafkaProducer, row) -> asyncio.Future | BaseException:
    """The broker's acknowledgement to come, or the permanent error send() raised at once."""
    try:
        return await producer.send(row["topic"], value=row["value"], key=row["key"])
    except PERMANENT as exc:
        return exc
