"""`python -m deploy.kafka_setup`: make an authenticated broker ready for the system, as its admin:
every principal's SCRAM user, the ACL table's grants for TOPIC_PREFIX, and every topic.

Reads KAFKA_BOOTSTRAP_SERVERS, KAFKA_CREDENTIALS_FILE (every principal's password, written by the
set-up step: deploy/compose_secrets.py or the local launcher), KAFKA_SECURITY_PROTOCOL and
KAFKA_SSL_CAFILE. docker-compose.yml runs it once before the services start; the local launcher
calls `secure` itself.
"""
import asyncio
import os
import sys
from pathlib import Path

from deploy.kafka_acls import apply, system_grants
from deploy.kafka_principals import ADMIN, admin_config, ensure_users, principal, read_passwords
from shared import topics
from shared.kafka_security import client_env


def secure(bootstrap: str, passwords: dict[str, str], prefix: str, protocol: str,
           ca_file: Path | None = None) -> tuple[list[str], int]:
    """SCRAM users for every principal but admin, and the grants for topics under `prefix`;
    returns (the users, the ACLs applied). Raises confluent_kafka.KafkaException, TimeoutError."""
    admin = admin_config(bootstrap, passwords, protocol, ca_file)
    return ensure_users(admin, passwords), apply(admin, system_grants(prefix))


def main() -> int:
    from deploy.topics import create_all

    bootstrap, path = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("KAFKA_CREDENTIALS_FILE")
    if not bootstrap or not path:
        print("kafka setup: KAFKA_BOOTSTRAP_SERVERS and KAFKA_CREDENTIALS_FILE are required", file=sys.stderr)
        return 2
    passwords = read_passwords(Path(path))
    if ADMIN not in passwords:
        print(f"kafka setup: {path} has no admin password", file=sys.stderr)
        return 2
    protocol = os.environ.get("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    ca = os.environ.get("KAFKA_SSL_CAFILE")
    users, acls = secure(bootstrap, passwords, topics.PREFIX, protocol, Path(ca) if ca else None)
    os.environ.update(client_env(principal(passwords, ADMIN)))  # topics are created as admin
    created = asyncio.run(create_all(bootstrap, int(os.environ.get("TOPIC_PARTITIONS", "6"))))
    print(f"kafka setup: {len(users)} principals, {acls} ACLs, {len(created)} topics created")
    return 0


if __name__ == "__main__":
    sys.exit(main())
