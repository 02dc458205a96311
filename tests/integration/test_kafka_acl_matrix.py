"""The ACL table against a real authenticated broker (issue 11 part 6): for every principal of
deploy/kafka-acls.toml, every topic and group of the system and every operation, the broker's own
answer (its authorized operations) is what the table says; clients without credentials or with a
wrong password are refused; a department's real sends and reads are allowed or refused as written.

The broker is one of its own (own directory and ports), formatted with authentication on."""
import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import GroupAuthorizationFailedError, KafkaConnectionError, TopicAuthorizationFailedError
from confluent_kafka import KafkaError, KafkaException, TopicCollection
from confluent_kafka.admin import AdminClient

from deploy.kafka_acls import OPERATIONS, allows, principals, system_grants
from deploy.kafka_principals import ADMIN, principal
from shared.contracts.catalog import DEPARTMENT_EVENTS, task_receivers
from shared.kafka_security import MECHANISM, Principal
from tests.integration.system import own_secured_broker

P = "acl1."  # the topics' prefix on this broker
TOPICS = ([f"{P}monitor.alerts.v1", f"{P}monitor.unmatched.v1", f"{P}monitor.deadletter.v1"]
          + [f"{P}{d}.events.v1" for d in DEPARTMENT_EVENTS] + [f"{P}monitor.tasks.{d}.v1" for d in task_receivers()])
GROUPS = [f"{P}monitor", f"{P}operator-console", f"{P}stranger"] + [f"{P}{d}-tasks" for d in task_receivers()]


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    with own_secured_broker(tmp_path_factory.mktemp("acl"), P, TOPICS) as (_, bootstrap, passwords):
        yield bootstrap, passwords


def _confluent(bootstrap: str, who: Principal) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap, "security.protocol": "SASL_PLAINTEXT",
                        "sasl.mechanism": MECHANISM, "sasl.username": who.name, "sasl.password": who.password})


def _name(op) -> str:
    """confluent's AclOperation.DESCRIBE_CONFIGS -> the table's DescribeConfigs."""
    return "".join(part.capitalize() for part in op.name.split("_"))


DENIED = (KafkaError.TOPIC_AUTHORIZATION_FAILED, KafkaError.GROUP_AUTHORIZATION_FAILED)


def _authorized(describe, names: list[str]) -> dict[str, set[str]]:
    """resource name -> the operations the broker says this principal may do on it (set() when it
    refuses even Describe). `describe(names)` is confluent's describe_topics/_consumer_groups; an
    answer that is neither (a fresh broker's group coordinator still starting) is asked again."""
    out: dict[str, set[str]] = {}
    for _ in range(60):
        pending = [n for n in names if n not in out]
        if not pending:
            return out
        for name, future in describe(pending).items():
            try:
                out[name] = {_name(op) for op in (future.result(timeout=30).authorized_operations or ())}
            except KafkaException as exc:
                if exc.args[0].code() in DENIED:
                    out[name] = set()
        time.sleep(0.5)
    raise AssertionError(f"no answer for {sorted(set(names) - out.keys())}")


def test_every_principal_topic_group_and_operation_is_allowed_or_denied_as_the_table_says(broker):
    bootstrap, passwords = broker
    table = system_grants(P)
    counts, differ = {"allowed": 0, "denied": 0}, []
    for who in principals(table):
        admin = _confluent(bootstrap, principal(passwords, who))
        topics = _authorized(lambda names: admin.describe_topics(TopicCollection(names),
                                                                 include_authorized_operations=True), TOPICS)
        groups = _authorized(lambda names: admin.describe_consumer_groups(names, include_authorized_operations=True),
                             GROUPS)
        seen = {**{("topic", n): ops for n, ops in topics.items()}, **{("group", n): ops for n, ops in groups.items()}}
        for (resource, name), ops in seen.items():
            for op in OPERATIONS if resource == "topic" else ("Read", "Describe", "Delete"):
                expected = allows(table, who, resource, name, op)
                if expected != (op in ops):
                    differ.append(f"{who} {op} {resource} {name}: table {expected}, broker {op in ops}")
                counts["allowed" if expected else "denied"] += 1
    print(f"\nacl matrix: {counts['allowed']} allowed as expected, {counts['denied']} denied as expected, "
          f"{len(differ)} differ")
    assert not differ, "\n".join(differ)
    assert counts["allowed"] > 0 and counts["denied"] > counts["allowed"]


async def _connects(bootstrap: str, **login) -> bool:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=5000, **login)
    try:
        await producer.start()
    except KafkaConnectionError:
        return False
    await producer.stop()
    return True


async def test_a_client_without_credentials_or_with_a_wrong_password_is_refused(broker):
    bootstrap, passwords = broker
    sasl = dict(security_protocol="SASL_PLAINTEXT", sasl_mechanism=MECHANISM)
    assert not await _connects(bootstrap)  # PLAINTEXT to the SASL listener
    assert not await _connects(bootstrap, **sasl, sasl_plain_username="housing", sasl_plain_password="not-it")
    assert not await _connects(bootstrap, **sasl, sasl_plain_username="nobody", sasl_plain_password="x")
    assert not await _connects(bootstrap, security_protocol="SASL_PLAINTEXT", sasl_mechanism="PLAIN",
                               sasl_plain_username=ADMIN, sasl_plain_password=passwords[ADMIN])
    assert await _connects(bootstrap, **sasl, sasl_plain_username="housing", sasl_plain_password=passwords["housing"])


def _as(passwords: dict, who: str) -> dict:
    return dict(security_protocol="SASL_PLAINTEXT", sasl_mechanism=MECHANISM, sasl_plain_username=who,
                sasl_plain_password=passwords[who])


async def test_a_department_sends_on_its_own_topic_and_is_refused_everywhere_else(broker):
    bootstrap, passwords = broker
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all",
                                **_as(passwords, "housing"))
    await producer.start()
    try:
        sent = await producer.send_and_wait(f"{P}housing.events.v1", b"{}")
        assert sent.offset >= 0
        for foreign in (f"{P}health_insurance.events.v1", f"{P}monitor.alerts.v1", f"{P}monitor.tasks.housing.v1"):
            with pytest.raises(TopicAuthorizationFailedError):
                await producer.send_and_wait(foreign, b"{}")
    finally:
        await producer.stop()


async def _first_poll(bootstrap: str, topic: str, group: str, login: dict):
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                                **login)
    try:
        await consumer.start()
        return await consumer.getmany(timeout_ms=3000)
    finally:
        await consumer.stop()


async def test_a_department_reads_its_tasks_in_its_group_only(broker):
    bootstrap, passwords = broker
    login = _as(passwords, "housing")
    assert await _first_poll(bootstrap, f"{P}monitor.tasks.housing.v1", f"{P}housing-tasks", login) == {}
    with pytest.raises(GroupAuthorizationFailedError):
        await _first_poll(bootstrap, f"{P}monitor.tasks.housing.v1", f"{P}stranger", login)
    with pytest.raises(TopicAuthorizationFailedError):
        await _first_poll(bootstrap, f"{P}monitor.tasks.health_insurance.v1", f"{P}housing-tasks", login)
