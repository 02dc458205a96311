"""A single-node Apache Kafka 4.1 broker in KRaft combined mode, from Maven Central jars.

The jars are resolved by Maven from deploy/local/kafka-pom.xml (kafka_2.13, kafka-tools
and the log4j2 SLF4J binding that Kafka's POMs leave out). Checked facts are in
../shared/KAFKA_LOCAL.md; our corrections are in docs/kafka-local-notes.md.
"""
import base64
import os
import subprocess
import uuid
from pathlib import Path

from deploy.local.paths import KAFKA_CONTROLLER_PORT, KAFKA_HOME, KAFKA_PORT, REPO
from deploy.local.process import LaunchError, pid_alive, port_open, run, stop_pid, wait_for_port

HERE = Path(__file__).resolve().parent
LIBS = KAFKA_HOME / "libs"
DATA = KAFKA_HOME / "data"
LOG = KAFKA_HOME / "broker.log"
PID = KAFKA_HOME / "broker.pid"
CONFIG = KAFKA_HOME / "server.properties"
CLASSPATH = f"{LIBS}/*"  # the JVM expands the *, not the shell
HEAP = os.environ.get("KAFKA_HEAP", "512m")
START_TIMEOUT_S = 90

SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={data}
num.partitions=6
# Topics are created explicitly by deploy/topics.py; a typo must not create a topic.
auto.create.topics.enable=false
# One node: internal topics cannot have 3 replicas (defaults would leave groups without a coordinator).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
"""


def ensure_jars() -> None:
    """Resolve the broker's jars with Maven once; later runs reuse .local/kafka/libs."""
    if LIBS.is_dir() and any(LIBS.glob("kafka_2.13-*.jar")):
        return
    print("kafka: resolving jars from Maven Central (first run only, ~45 MB)...", flush=True)
    run(["mvn", "-B", "-q", "-f", str(HERE / "kafka-pom.xml"),
         "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
         f"-DoutputDirectory={LIBS}", "-DincludeScope=runtime"], "mvn copy-dependencies")


def _java(*args: str, heap: str = "256m") -> list[str]:
    return ["java", f"-Xmx{heap}", f"-Dlog4j2.configurationFile={HERE / 'tools-log4j2.properties'}",
            "-cp", CLASSPATH, *args]


def _format_storage() -> None:
    """Format the KRaft metadata log once; a formatted dir is reused on the next `up`."""
    if (DATA / "meta.properties").exists():
        return
    DATA.mkdir(parents=True, exist_ok=True)
    # Same form as Uuid.toString(): URL-safe base64 of 16 bytes without padding (saves a JVM start).
    cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    run(_java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(CONFIG)), "kafka storage format")


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


def console_command(tool: str, *args: str) -> list[str]:
    """A command line for one of Kafka's own CLI tools, e.g. console_command('consumer', '--topic', t)."""
    main = {
        "consumer": "org.apache.kafka.tools.consumer.ConsoleConsumer",
        "producer": "org.apache.kafka.tools.ConsoleProducer",
        "topics": "org.apache.kafka.tools.TopicCommand",
    }[tool]
    return _java(main, *args, heap="256m")
