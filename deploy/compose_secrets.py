"""`python -m deploy.compose_secrets` (make compose-secrets): the per-installation secrets that
docker-compose.yml reads, written under `.compose/` (ignored by git, 0700), once:

    .compose/credentials            every Kafka principal's password (name=password)
    .compose/tls/ca.crt, broker.pem the installation's CA and the broker's key and certificate (kafka, localhost)
    .compose/kafka/server.properties the broker: SASL_SSL (SCRAM-SHA-512) for containers (kafka:9092) and
                                    the host (127.0.0.1:9092), SASL/PLAIN between controllers, the
                                    StandardAuthorizer with nothing allowed by default
    .compose/kafka/cluster-id, admin-password   read by deploy/compose-kafka-start.sh at first format
    .compose/env/<service>.env      each service's own Kafka login only (the monitor's relay too); the
                                    set-up job's is the admin's

Run again, it keeps what exists (passwords, certificates) and rewrites the derived files.
"""
import os
import sys
from pathlib import Path

from deploy.certificates import ensure_certificates
from deploy.kafka_acls import principals, system_grants
from deploy.kafka_principals import ADMIN, ensure_passwords, principal, service_identity, write_client_files
from deploy.local.kafka import new_cluster_id
from shared.contracts.catalog import DEPARTMENTS
from shared.kafka_security import client_env

REPO = Path(__file__).resolve().parents[1]
HOME = REPO / ".compose"
IN_CONTAINER = Path("/compose")  # where docker-compose.yml mounts HOME
SERVICES = ("monitor", *(d.code for d in DEPARTMENTS))

SERVER = """process.roles=broker,controller
node.id=1
controller.quorum.voters=1@kafka:9093
listeners=INTERNAL://:9092,HOST://:29092,CONTROLLER://:9093
advertised.listeners=INTERNAL://kafka:9092,HOST://127.0.0.1:9092
listener.security.protocol.map=INTERNAL:SASL_SSL,HOST:SASL_SSL,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config={scram}
listener.name.host.scram-sha-512.sasl.jaas.config={scram}
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config={plain}
ssl.keystore.type=PEM
ssl.keystore.location={tls}/broker.pem
ssl.truststore.type=PEM
ssl.truststore.location={tls}/ca.crt
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
log.dirs=/var/lib/kafka/data
auto.create.topics.enable=false
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
"""


def _write(path: Path, text: str, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    os.chmod(path, mode)


def server_properties(admin_password: str) -> str:
    scram = ('org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" '
             f'password="{admin_password}";')
    plain = ('org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" '
             f'password="{admin_password}" user_admin="{admin_password}";')
    return SERVER.format(scram=scram, plain=plain, tls=IN_CONTAINER / "tls")


def env_file(login: dict[str, str]) -> str:
    settings = {"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SSL_CAFILE": str(IN_CONTAINER / "tls" / "ca.crt"), **login}
    return "".join(f"{k}={v}\n" for k, v in settings.items())


def write(home: Path = HOME) -> dict[str, Path]:
    """Every file above under `home`; returns name -> path of the env files."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(home, 0o700)
    passwords = ensure_passwords(home / "credentials", [ADMIN, *principals(system_grants(""))])
    ensure_certificates(home / "tls", ["kafka", "localhost", "127.0.0.1"])
    _write(home / "kafka" / "server.properties", server_properties(passwords[ADMIN]))
    _write(home / "kafka" / "admin-password", passwords[ADMIN])
    # The broker's healthcheck logs in as admin over TLS.
    write_client_files(home / "kafka", passwords, [ADMIN], "SASL_SSL", IN_CONTAINER / "tls" / "ca.crt")
    if not (home / "kafka" / "cluster-id").exists():
        _write(home / "kafka" / "cluster-id", new_cluster_id())
    envs = {}
    for service in SERVICES:
        envs[service] = home / "env" / f"{service}.env"
        _write(envs[service], env_file(service_identity(passwords, service)))
    envs["kafka-setup"] = home / "env" / "kafka-setup.env"
    _write(envs["kafka-setup"], env_file({**client_env(principal(passwords, ADMIN)),
                                          "KAFKA_CREDENTIALS_FILE": str(IN_CONTAINER / "credentials")}))
    return envs


if __name__ == "__main__":
    written = write()
    print(f"compose secrets in {HOME}: {len(written)} env files (one per service), TLS certificates, "
          "Kafka credentials; `docker compose up --build` reads them")
    sys.exit(0)
