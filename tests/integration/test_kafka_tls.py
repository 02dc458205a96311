"""Kafka with TLS (SASL_SSL, KAFKA_TLS=1): a broker of its own, its certificates made by the project's
set-up step (deploy/certificates.py). A department logs in over TLS trusting the installation's CA
and sends on its topic; a client that does not trust that CA, or speaks without TLS, does not connect."""
import ssl

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError
from aiokafka.helpers import create_ssl_context

from shared.kafka_security import MECHANISM, client_options
from tests.integration.system import own_secured_broker

P = "tls1."
TOPIC = f"{P}housing.events.v1"


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    with own_secured_broker(tmp_path_factory.mktemp("tls"), P, [TOPIC], tls=True) as secured:
        yield secured  # this module's own clients: that broker's admin, over TLS


def _housing(passwords: dict, **tls) -> dict:
    return dict(sasl_mechanism=MECHANISM, sasl_plain_username="housing", sasl_plain_password=passwords["housing"],
                **tls)


async def _sends(bootstrap: str, login: dict) -> bool:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=5000, **login)
    try:
        await producer.start()
    except KafkaConnectionError:
        return False
    try:
        return (await producer.send_and_wait(TOPIC, b"{}")).offset >= 0
    finally:
        await producer.stop()


async def test_a_department_sends_over_tls_trusting_the_installations_ca(broker):
    local, bootstrap, passwords = broker
    assert local.kafka.protocol == "SASL_SSL" and local.kafka.ca_file.exists()
    context = create_ssl_context(cafile=str(local.kafka.ca_file))
    assert await _sends(bootstrap, _housing(passwords, security_protocol="SASL_SSL", ssl_context=context))


async def test_the_system_clients_log_in_over_tls_from_the_launchers_settings(broker):
    _, bootstrap, _ = broker
    options = client_options(bootstrap)  # from KAFKA_SECURITY_PROTOCOL / KAFKA_SSL_CAFILE the launcher wrote
    assert options["security_protocol"] == "SASL_SSL" and isinstance(options["ssl_context"], ssl.SSLContext)
    assert await _sends(bootstrap, {k: v for k, v in options.items() if k != "bootstrap_servers"})


async def test_a_client_that_does_not_trust_the_ca_or_skips_tls_does_not_connect(broker):
    _, bootstrap, passwords = broker
    system_cas = create_ssl_context()  # the machine's CAs only: the broker's certificate is not theirs
    assert not await _sends(bootstrap, _housing(passwords, security_protocol="SASL_SSL", ssl_context=system_cas))
    assert not await _sends(bootstrap, _housing(passwords, security_protocol="SASL_PLAINTEXT"))
    assert not await _sends(bootstrap, {})
