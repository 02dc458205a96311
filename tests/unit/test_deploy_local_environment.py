"""deploy/local's environments, cluster configuration and supervisor rules, without starting anything:
the default dev environment keeps its ports, named ones never share a port with it or each other, a
cluster node is configured for replication 3 / min.insync.replicas 2, and the restart policy."""
import dataclasses

import pytest

from deploy.local.environment import DEFAULT, SLOTS, named
from deploy.local.kafka import Kafka
from deploy.local.process import LaunchError
from deploy.local.services import DEPARTMENTS, MONITOR_HTTP_PORT, Services
from deploy.local.supervisor import LOOP_RESTARTS, backoff_s, exit_status, in_crash_loop
from shared.kafka_admin import replication_factor


def _ports(env) -> set[int]:
    return {env.pg_port, *env.kafka_ports, *env.controller_ports,
            *(p + env.service_port_offset for p in [MONITOR_HTTP_PORT, *DEPARTMENTS.values()])}


def test_the_default_environment_keeps_the_dev_ports_and_directory():
    assert (DEFAULT.pg_port, DEFAULT.kafka_ports, DEFAULT.controller_ports) == (55432, (19092,), (19093,))
    assert DEFAULT.bootstrap == "127.0.0.1:19092" and DEFAULT.dsn == "postgresql://postgres@127.0.0.1:55432/relapse"
    assert DEFAULT.home.name == ".local" and Services(DEFAULT).monitor_port == MONITOR_HTTP_PORT


def test_the_chaos_environment_has_the_documented_ports():
    chaos = named("chaos", 3)
    assert (chaos.pg_port, chaos.kafka_ports, chaos.controller_ports) == (55532, (19192, 19193, 19194),
                                                                          (19292, 19293, 19294))
    assert chaos.home.parts[-3:] == (".local", "envs", "chaos")


def test_no_two_environments_share_a_port():
    envs = [DEFAULT, *(named(n, 3) for n in SLOTS)]
    for i, a in enumerate(envs):
        for b in envs[i + 1:]:
            assert not _ports(a) & _ports(b), f"{a.name} and {b.name} share {_ports(a) & _ports(b)}"


def test_an_environment_without_a_slot_is_refused(monkeypatch):
    monkeypatch.delenv("DEPLOY_LOCAL_SLOT", raising=False)
    with pytest.raises(LaunchError, match="no port slot"):
        named("mine")
    monkeypatch.setenv("DEPLOY_LOCAL_SLOT", "7")
    assert named("mine", 1).pg_port == 55432 + 700
    with pytest.raises(LaunchError, match="--nodes"):
        named("mine", 2)


def _fresh(env, home, monkeypatch, auth: str) -> Kafka:
    """Kafka of `env` as if never formatted (its state under `home`), KAFKA_AUTH=`auth`."""
    monkeypatch.setenv("KAFKA_AUTH", auth)
    return Kafka(dataclasses.replace(env, home=home))


def test_a_cluster_node_replicates_three_times_and_needs_two_in_sync(tmp_path, monkeypatch):
    kafka = _fresh(named("chaos", 3), tmp_path, monkeypatch, auth="0")
    config = dict(line.split("=", 1) for line in kafka._properties(kafka.node(2)).splitlines()
                  if "=" in line and not line.startswith("#"))
    assert config["node.id"] == "2"
    assert config["controller.quorum.voters"] == "1@127.0.0.1:19292,2@127.0.0.1:19293,3@127.0.0.1:19294"
    assert config["listeners"] == "PLAINTEXT://127.0.0.1:19193,CONTROLLER://127.0.0.1:19293"
    for key in ("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor"):
        assert config[key] == "3", key
    assert config["min.insync.replicas"] == config["transaction.state.log.min.isr"] == "2"
    assert config["broker.session.timeout.ms"] == "3000"


def test_the_single_dev_node_replicates_once(tmp_path, monkeypatch):
    kafka = _fresh(DEFAULT, tmp_path, monkeypatch, auth="0")
    text = kafka._properties(kafka.node(1))
    assert "controller.quorum.voters=1@127.0.0.1:19093\n" in text
    assert "offsets.topic.replication.factor=1\n" in text and "min.insync.replicas=1\n" in text
    assert "broker.session.timeout.ms" not in text
    assert Kafka(DEFAULT).node(1).data == DEFAULT.home / "kafka" / "data"  # the layout `make up` always had


def test_a_fresh_broker_authenticates_by_default_and_allows_nothing_unless_granted(tmp_path, monkeypatch):
    kafka = _fresh(named("chaos", 3), tmp_path, monkeypatch, auth="1")
    assert kafka.auth and kafka.protocol == "SASL_PLAINTEXT"
    kafka.credentials.parent.mkdir(parents=True)
    kafka.credentials.write_text("admin=s3cret-for-the-test\n")
    config = dict(line.split("=", 1) for line in kafka._properties(kafka.node(2)).splitlines()
                  if "=" in line and not line.startswith("#"))
    assert config["listeners"] == "SASL_PLAINTEXT://127.0.0.1:19193,CONTROLLER://127.0.0.1:19293"
    assert config["listener.security.protocol.map"] == "CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT"
    assert config["sasl.enabled.mechanisms"] == config["sasl.mechanism.inter.broker.protocol"] == "SCRAM-SHA-512"
    assert config["sasl.mechanism.controller.protocol"] == "PLAIN"
    assert config["authorizer.class.name"] == "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    assert (config["allow.everyone.if.no.acl.found"], config["super.users"]) == ("false", "User:admin")
    assert 'password="s3cret-for-the-test"' in config["listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config"]


def test_kafka_auth_0_on_a_fresh_broker_keeps_it_unauthenticated(tmp_path, monkeypatch):
    kafka = _fresh(DEFAULT, tmp_path, monkeypatch, auth="0")
    assert not kafka.auth and "PLAINTEXT://127.0.0.1:19092" in kafka._properties(kafka.node(1))


def test_new_topics_get_three_replicas_on_a_cluster_and_one_on_a_single_broker():
    assert [replication_factor(n) for n in (1, 2, 3, 5)] == [1, 2, 3, 3]


def test_restart_delay_doubles_up_to_a_cap():
    assert [backoff_s(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff_s(20) == 30.0


def test_a_crash_loop_is_that_many_restarts_within_a_minute():
    now = 1000.0
    assert in_crash_loop({"recent_restarts": [now - i for i in range(LOOP_RESTARTS)]}, now)
    assert not in_crash_loop({"recent_restarts": [now - i for i in range(LOOP_RESTARTS - 1)]}, now)
    assert not in_crash_loop({"recent_restarts": [now - 61 - i for i in range(LOOP_RESTARTS)]}, now)
    assert not in_crash_loop({}, now)


def test_exit_status_names_the_signal():
    assert exit_status(2) == "exit 2" and exit_status(-9) == "signal 9 (SIGKILL)"


def test_the_cli_refuses_an_environment_without_ports_before_touching_anything(monkeypatch, capsys):
    from deploy.local.__main__ import main

    monkeypatch.delenv("DEPLOY_LOCAL_SLOT", raising=False)
    assert main(["deploy.local", "--env", "nosuch", "up"]) == 1
    assert "no port slot" in capsys.readouterr().err


def test_a_cluster_id_never_starts_with_a_dash(monkeypatch):
    """kafka-storage's parser takes "-t -abc" for a missing argument: such a draw is made again."""
    import uuid

    from deploy.local import kafka
    dash_first = uuid.UUID(bytes=b"\xf8" + bytes(15))  # base64 of 0xf8... starts with "-"
    draws = iter([dash_first, dash_first, uuid.UUID(int=1)])
    monkeypatch.setattr(kafka.uuid, "uuid4", lambda: next(draws))
    assert kafka.new_cluster_id() == "AAAAAAAAAAAAAAAAAAAAAQ"
    monkeypatch.undo()
    ids = {kafka.new_cluster_id() for _ in range(2000)}
    assert len(ids) == 2000 and all(len(i) == 22 and not i.startswith("-") for i in ids)


def test_the_env_file_reads_name_value_lines_and_skips_the_rest(tmp_path):
    from deploy.local.paths import read_env_file
    env = tmp_path / "env"
    assert read_env_file(env) == {}
    env.write_text("A=1\n# B=2\nnot a line\nC=x=y\n =blank name\nD=\n")
    assert read_env_file(env) == {"A": "1", "C": "x=y", "D": ""}


def test_kafka_tls_1_puts_tls_on_the_client_and_inter_broker_listener(tmp_path, monkeypatch):
    kafka = _fresh(DEFAULT, tmp_path, monkeypatch, auth="1")
    monkeypatch.setenv("KAFKA_TLS", "1")
    kafka.credentials.parent.mkdir(parents=True)
    kafka.credentials.write_text("admin=s3cret-for-the-test\n")
    config = dict(line.split("=", 1) for line in kafka._properties(kafka.node(1)).splitlines()
                  if "=" in line and not line.startswith("#"))
    assert kafka.protocol == "SASL_SSL" and config["listeners"].startswith("SASL_SSL://127.0.0.1:19092,")
    assert config["listener.security.protocol.map"] == "CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL"
    assert config["inter.broker.listener.name"] == "SASL_SSL" and config["ssl.keystore.type"] == "PEM"
    assert config["ssl.truststore.location"] == str(kafka.ca_file) and kafka.ca_file.exists()
    assert kafka.client_settings() == {"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SSL_CAFILE": str(kafka.ca_file)}
