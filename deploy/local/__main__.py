"""`python -m deploy.local up|down|status|env`: real Kafka and PostgreSQL on 127.0.0.1, no Docker."""
import asyncio
import secrets
import sys

from deploy.local import kafka, postgres
from deploy.local.paths import ENV_FILE, KAFKA_PORT, LOCAL, PG_PORT
from deploy.local import services
from deploy.local.process import LaunchError, pid_alive, port_open
from deploy.topics import create_all


def _write_env(bootstrap: str, dsn: str) -> None:
    # Keep the key secret stable across `up` runs so message keys stay stable.
    old = dict(line.split("=", 1) for line in ENV_FILE.read_text().splitlines() if "=" in line) if ENV_FILE.exists() else {}
    new = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "DATABASE_URL": dsn,
        "PARTITION_KEY_SECRET": old.get("PARTITION_KEY_SECRET") or secrets.token_hex(16),
        # The operator API's bearer token for local use (name:token).
        "OPERATOR_TOKENS": old.get("OPERATOR_TOKENS") or f"operator:{secrets.token_hex(16)}",
        # Each department system's API key for its own service (department:token, comma separated).
        "DEPARTMENT_API_KEYS": _department_keys(old.get("DEPARTMENT_API_KEYS", "")),
    }
    ENV_FILE.write_text("".join(f"{k}={v}\n" for k, v in {**old, **new}.items()))


def _department_keys(old: str) -> str:
    """Keep the keys already handed out; add one for a department that has none yet."""
    keys = dict(item.split(":", 1) for item in old.split(",") if ":" in item)
    for department in services.DEPARTMENTS:
        keys.setdefault(department, secrets.token_hex(16))
    return ",".join(f"{d}:{t}" for d, t in keys.items())


def up() -> None:
    LOCAL.mkdir(exist_ok=True)
    bootstrap = kafka.start()
    print(f"kafka:    {bootstrap} (KRaft, log {kafka.LOG})", flush=True)
    dsn = postgres.start()
    print(f"postgres: {dsn} (log {postgres.LOG})", flush=True)
    created = asyncio.run(create_all(bootstrap, partitions=6))
    print(f"topics:   {len(created)} created", flush=True)
    _write_env(bootstrap, dsn)
    print(f"env:      {ENV_FILE} (source it: set -a; . {ENV_FILE}; set +a)")


def down() -> None:
    print("kafka:    " + ("stopped" if kafka.stop() else "was not running"))
    print("postgres: " + ("stopped" if postgres.stop() else "was not running"))


def status() -> int:
    """Print what runs; exit code 0 when Kafka and PostgreSQL both answer, else 1."""
    k, p = port_open(KAFKA_PORT), port_open(PG_PORT)
    print(f"kafka             127.0.0.1:{KAFKA_PORT} {'up' if k else 'down'}")
    print(f"postgres          127.0.0.1:{PG_PORT} {'up' if p else 'down'}")
    for name, where in services.addresses().items():
        print(f"{name:<17} {where} {'up' if pid_alive(services.RUN / (name + '.pid')) else 'down'}")
    return 0 if k and p else 1


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "up"
    try:
        if command == "up":
            up()
        elif command == "down":
            down()
        elif command == "status":
            return status()
        else:
            print("usage: python -m deploy.local up|down|status", file=sys.stderr)
            return 2
    except LaunchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
