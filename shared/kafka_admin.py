"""Idempotent topic creation, used by the launcher and by each service at start."""
import asyncio
import time

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, TopicAuthorizationFailedError
from aiokafka.structs import TopicPartition
from shared.kafka_security import Principal, client_options


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int = 6,
                        principal: Principal | None = None) -> list[str]:
    """Create the topics that do not exist yet; returns the ones created. Replication factor: 3 on a
    cluster of three or more brokers (with its min.insync.replicas 2, acks=all survives one lost node),
    else one per broker (1 on the single dev broker); production clusters create topics through their
    own tooling. Logs in as `principal` (default: this process's own). Raises
    TopicAuthorizationFailedError when the broker refuses to create one."""
    admin = AIOKafkaAdminClient(**client_options(bootstrap, principal), request_timeout_ms=30000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        if missing:
            replicas = replication_factor(len((await admin.describe_cluster())["brokers"]))
            try:
                answer = await admin.create_topics([NewTopic(t, num_partitions=partitions, replication_factor=replicas)
                                                    for t in missing])
            except TopicAlreadyExistsError:
                answer = None  # another service created it first
            _raise_refusals(answer)
            await _wait_for_leaders(admin, missing)
        return missing
    finally:
        await admin.close()


def _raise_refusals(answer) -> None:
    """aiokafka's create_topics reports an ACL refusal in its answer instead of raising: raise it."""
    refused = [name for name, code, *_ in getattr(answer, "topic_errors", ()) if code == TopicAuthorizationFailedError.errno]
    if refused:
        raise TopicAuthorizationFailedError(f"not allowed to create topics: {', '.join(refused)}")


def replication_factor(brokers: int) -> int:
    """Replicas of a new topic on a cluster of `brokers` live brokers: 3 at most, never more than exist."""
    return max(1, min(3, brokers))


async def _wait_for_leaders(admin: AIOKafkaAdminClient, names: list[str], timeout_s: float = 30) -> None:
    """A client that fetches from a partition before its leader is elected gets
    NotLeaderForPartition; wait until every new partition has a leader."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        described = await admin.describe_topics(names)
        if all(t["error_code"] == 0 and t["partitions"] and all(p["leader"] >= 0 for p in t["partitions"])
               for t in described):
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"topics without partition leaders after {timeout_s} s: {names}")


async def partitions_of(bootstrap: str, names: list[str]) -> list[TopicPartition]:
    """Every partition of the topics `names` that exist, from the brokers' metadata. (A consumer's
    partitions_for_topic knows only the topics of its own subscription: after consumer.topics() it
    still answers None for the others.)"""
    admin = AIOKafkaAdminClient(**client_options(bootstrap), request_timeout_ms=30000)
    await admin.start()
    try:
        described = await admin.describe_topics(list(names))
    finally:
        await admin.close()
    return sorted(TopicPartition(t["topic"], p["partition"]) for t in described if t["error_code"] == 0
                  for p in t["partitions"])


async def delete_topics(bootstrap: str, topics: list[str]) -> None:
    """Delete the topics that exist (test clean-up)."""
    admin = AIOKafkaAdminClient(**client_options(bootstrap), request_timeout_ms=30000)
    await admin.start()
    try:
        existing = [t for t in topics if t in set(await admin.list_topics())]
        if existing:
            await admin.delete_topics(existing)
    finally:
        await admin.close()
