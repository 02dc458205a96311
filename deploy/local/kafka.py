"""A single-node Apache Kafka 4.1 broker in KRaft combined mode, from Maven Central jars.

The jars are resolved by Maven from deploy/local/kafka-pom.xml (kafka_2.13, kafka-tools
and the log4j2 SLF4J binding that Kafka's POMs leave out; kafka_jars.py); the broker's
configuration is kafka-server.properties with the ports and data directory filled in. Checked facts are in
../shared/KAFKA_LOCAL.md; our corrections are in docs/kafka-local-notes.md.
"""
import base64
import os
import subprocess
import uuid

from deploy.local.kafka_jars import CLASSPATH, HERE, ensure_jars, java
from deploy.local.paths import KAFKA_CONTROLLER_PORT, KAFKA_HOME, KAFKA_PORT, REPO
from deploy.local.process import LaunchError, pid_alive, port_open, run, stop_pid, wait_for_port

DATA = KAFKA_HOME / "data"
LOG = KAFKA_HOME / "broker.log"
PID = KAFKA_HOME / "broker.pid"
CONFIG = KAFKA_HOME / "server.properties"
HEAP = os.environ.get("KAFKA_HEAP", "512m")
START_TIMEOUT_S = 90
SERVER_PROPERTIES = (HERE / "kafka-server.properties").read_text(encoding="utf-8")


def _format_storage() -> None:
    """Format the KRaft metadata log once; a formatted dir is reused on the next `up`."""
    if (DATA / "meta.properties").exists():
        return
    DATA.mkdir(parents=True, exist_ok=True)
    # Same form as Uuid.toString(): URL-safe base64 of 16 bytes without padding (saves a JVM start).
    cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    run(java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(CONFIG)), "kafka storage format")


def start() -> str:
    """Start the broker if it is not running; returns the bootstrap address."""
    bootstrap = f"127.0.0.1:{KAFKA_PORT}"
    if pid_alive(PID) and port_open(KAFKA_PORT):
        return bootstrap
    if port_open(KAFKA_PORT):
        raise LaunchError(f"port {KAFKA_PORT} is taken by another process; stop it or set KAFKA_BOOTSTRAP_SERVERS")
    ensure_jars()
    KAFKA_HOME.mkdir(parents=True, exist_ok=True)
    CONFIG.write_text(SERVER_PROPERTIES.format(port=KAFKA_PORT, controller=KAFKA_CONTROLLER_PORT, data=DATA))
    _format_storage()
    cmd = ["java", f"-Xms{HEAP}", f"-Xmx{HEAP}", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
           "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
           f"-Dlog4j2.configurationFile={HERE / 'log4j2.properties'}", f"-Dkafka.logs.dir={KAFKA_HOME / 'logs'}",
           "-cp", CLASSPATH, "kafka.Kafka", str(CONFIG)]
    with open(LOG, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=REPO, start_new_session=True)
    PID.write_text(str(proc.pid))
    wait_for_port(KAFKA_PORT, START_TIMEOUT_S, "Kafka broker", LOG, alive=lambda: proc.poll() is None)
    return bootstrap


def stop() -> bool:
    return stop_pid(PID, timeout_s=40)
