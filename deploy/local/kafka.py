"""Apache Kafka 4.1 in KRaft combined mode from Maven Central jars: one node (the dev default) or
a three-node cluster on loopback ports (replication factor 3, min.insync.replicas 2).

The jars are resolved by Maven from deploy/local/kafka-pom.xml (kafka_2.13, kafka-tools
and the log4j2 SLF4J binding that Kafka's POMs leave out; kafka_jars.py); each node's
configuration is kafka-server.properties with its id, ports and data directory filled in. The
cluster uses static voters, one cluster id formatted on every node, and a 3 s broker session so a
killed leader is replaced in about 4-6 s (../shared/KAFKA_SECURITY_LOCAL.md section 6). Checked facts
are in ../shared/KAFKA_LOCAL.md; our corrections are in docs/kafka-local-notes.md.
"""
import base64
import os
import signal
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from deploy.certificates import ensure_certificates
from deploy.kafka_principals import ADMIN, ensure_passwords, read_passwords
from deploy.local.environment import DEFAULT, LocalEnv
from deploy.local.kafka_jars import CLASSPATH, HERE, ensure_jars, java
from deploy.local.paths import REPO
from deploy.local.process import LaunchError, pid_alive, port_open, stop_pid, stop_pids, wait_for_port
from shared.kafka_security import MECHANISM

START_TIMEOUT_S = 90
SERVER_PROPERTIES = (HERE / "kafka-server.properties").read_text(encoding="utf-8")
SASL_LISTENERS = (HERE / "kafka-listeners-sasl.properties").read_text(encoding="utf-8")
PLAINTEXT_LISTENERS = (HERE / "kafka-listeners-plaintext.properties").read_text(encoding="utf-8")
TLS_SETTINGS = (HERE / "kafka-listeners-tls.properties").read_text(encoding="utf-8")
TLS_HOSTS = ["localhost", "127.0.0.1"]  # the names the brokers' certificate is valid for
# Faster failover on the cluster: a dead node is fenced after 3 s instead of 9 s.
CLUSTER_EXTRA = "broker.session.timeout.ms=3000\nbroker.heartbeat.interval.ms=500\n"


def new_cluster_id() -> str:
    """A KRaft cluster id in Uuid.toString()'s form: URL-safe base64 of 16 random bytes without padding.

    Like Kafka's Uuid.randomUuid(), an id starting with "-" is drawn again: kafka-storage's argument parser would
    take it for an option ("argument --cluster-id/-t: expected one argument"), about one draw in 64.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


@dataclass(frozen=True)
class Node:
    """One Kafka node of an environment; its files live under `home`."""

    node_id: int
    port: int
    controller: int
    home: Path

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def log(self) -> Path:
        return self.home / "broker.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "broker.pid"

    @property
    def config(self) -> Path:
        return self.home / "server.properties"


class Kafka:
    """The Kafka nodes of one environment: start, stop, kill (any signal) and restart each."""

    def __init__(self, env: LocalEnv = DEFAULT):
        self.env = env
        # One node keeps the historical layout (.local/kafka/data, broker.log); a cluster has node<N>/.
        homes = ([env.kafka_home] if env.nodes == 1 else
                 [env.kafka_home / f"node{i}" for i in range(1, env.nodes + 1)])
        self.nodes = [Node(i + 1, p, c, h) for i, (p, c, h) in enumerate(zip(env.kafka_ports, env.controller_ports, homes))]
        self.heap = os.environ.get("KAFKA_HEAP", "512m" if env.nodes == 1 else "256m")
        self.credentials = env.kafka_credentials

    @property
    def auth(self) -> bool:
        """Whether the nodes authenticate (SASL/SCRAM-SHA-512, ACLs): fixed when the storage is first
        formatted, by KAFKA_AUTH (default 1; 0 keeps the old unauthenticated broker), then kept."""
        if self.credentials.exists():
            return ADMIN in read_passwords(self.credentials)
        formatted = any((n.data / "meta.properties").exists() for n in self.nodes)
        return not formatted and os.environ.get("KAFKA_AUTH", "1") != "0"

    @property
    def tls(self) -> bool:
        """Whether the client listeners are TLS (SASL_SSL): fixed at the first format by KAFKA_TLS=1
        (default 0; needs authentication on), then kept (its certificates are in <kafka>/tls)."""
        if (self.env.kafka_home / "tls").is_dir():
            return True
        formatted = any((n.data / "meta.properties").exists() for n in self.nodes)
        return self.auth and not formatted and os.environ.get("KAFKA_TLS", "0") == "1"

    @property
    def protocol(self) -> str:
        return ("SASL_SSL" if self.tls else "SASL_PLAINTEXT") if self.auth else "PLAINTEXT"

    def client_settings(self) -> dict[str, str]:
        """How a client reaches these brokers (shared.kafka_security): the protocol, and the CA with TLS."""
        ca = self.ca_file
        return {"KAFKA_SECURITY_PROTOCOL": self.protocol, **({"KAFKA_SSL_CAFILE": str(ca)} if ca else {})}

    @property
    def ca_file(self) -> Path | None:
        """The CA certificate a client trusts the brokers by (None without TLS)."""
        return self.env.kafka_home / "tls" / "ca.crt" if self.tls else None

    def node(self, node_id: int) -> Node:
        return self.nodes[node_id - 1]

    def _properties(self, node: Node) -> str:
        voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller}" for n in self.nodes)
        cluster = self.env.nodes > 1
        if self.auth:
            client = self.protocol
            listeners = SASL_LISTENERS.format(port=node.port, controller=node.controller, client=client,
                                              client_lower=client.lower(), admin_password=self._admin_password())
            if self.tls:
                files = ensure_certificates(self.env.kafka_home / "tls", TLS_HOSTS)
                listeners += TLS_SETTINGS.format(keystore=files.keystore, ca=files.ca)
        else:
            listeners = PLAINTEXT_LISTENERS.format(port=node.port, controller=node.controller)
        return SERVER_PROPERTIES.format(node_id=node.node_id, voters=voters, listeners=listeners,
                                        data=node.data, replication=self.env.nodes, min_isr=2 if cluster else 1,
                                        cluster_extra=CLUSTER_EXTRA if cluster else "")

    def _format_storage(self) -> None:
        """Format every node's KRaft metadata log once, all with one cluster id; reused on the next start."""
        marker = self.env.kafka_home / "nodes"
        if marker.exists() and int(marker.read_text()) != self.env.nodes:
            raise LaunchError(f"{self.env.kafka_home} was formatted for {marker.read_text()} Kafka node(s), not "
                              f"{self.env.nodes}; remove that directory to start afresh")
        cluster_id = new_cluster_id()
        formats = []
        if self.auth:  # the broker's own login must exist before it starts: made at format time
            ensure_passwords(self.credentials, [ADMIN])
        for node in self.nodes:
            node.home.mkdir(parents=True, exist_ok=True)
            fd = os.open(node.config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the admin password
            with os.fdopen(fd, "w") as out:
                out.write(self._properties(node))
            if not (node.data / "meta.properties").exists():
                node.data.mkdir(parents=True, exist_ok=True)
                cmd = java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(node.config))
                if self.auth:
                    cmd += ["--add-scram", f"{MECHANISM}=[name={ADMIN},password={self._admin_password()}]"]
                formats.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        for proc in formats:  # one JVM per node, side by side
            out, _ = proc.communicate()
            if proc.returncode != 0:
                raise LaunchError(f"kafka storage format failed (exit {proc.returncode}): {out.strip()}")
        marker.write_text(str(self.env.nodes))

    def _admin_password(self) -> str:
        return read_passwords(self.credentials)[ADMIN]

    def start(self) -> str:
        """Start every node that is not running, wait until all answer; returns the bootstrap list.
        Raises LaunchError when a port is taken by someone else or a node does not come up."""
        ensure_jars()
        self._format_storage()
        started = [self._launch(n) for n in self.nodes if not self.running(n.node_id)]
        for node, proc in started:  # launched together: a cluster's quorum needs them all at once
            wait_for_port(node.port, START_TIMEOUT_S, f"Kafka node {node.node_id}", node.log,
                          alive=lambda p=proc: p.poll() is None)
        return self.env.bootstrap

    def start_node(self, node_id: int) -> None:
        """Start one node (after stop_node/kill_node) and wait for its client port."""
        node = self.node(node_id)
        if self.running(node_id):
            return
        _, proc = self._launch(node)
        wait_for_port(node.port, START_TIMEOUT_S, f"Kafka node {node_id}", node.log, alive=lambda: proc.poll() is None)

    def _launch(self, node: Node) -> tuple[Node, subprocess.Popen]:
        if port_open(node.port):
            raise LaunchError(f"port {node.port} is taken by another process; stop it or set KAFKA_BOOTSTRAP_SERVERS")
        cmd = ["java", f"-Xms{self.heap}", f"-Xmx{self.heap}", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
               "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
               f"-Dlog4j2.configurationFile={HERE / 'log4j2.properties'}", f"-Dkafka.logs.dir={node.home / 'logs'}",
               "-cp", CLASSPATH, "kafka.Kafka", str(node.config)]
        with open(node.log, "ab") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=REPO, start_new_session=True)
        node.pid_file.write_text(str(proc.pid))
        return node, proc

    def running(self, node_id: int) -> bool:
        node = self.node(node_id)
        return bool(pid_alive(node.pid_file)) and port_open(node.port)

    def pid(self, node_id: int) -> int | None:
        return pid_alive(self.node(node_id).pid_file)

    def stop_node(self, node_id: int, timeout_s: float = 40) -> bool:
        """SIGTERM (controlled shutdown: leadership moves first), SIGKILL after timeout_s."""
        return stop_pid(self.node(node_id).pid_file, timeout_s=timeout_s)

    def kill_node(self, node_id: int, sig: int = signal.SIGKILL) -> int | None:
        """Send `sig` to the node's JVM (SIGKILL: a crash; SIGSTOP/SIGCONT: freeze/thaw); returns its pid."""
        pid = self.pid(node_id)
        if pid is not None:
            os.kill(pid, sig)
        return pid

    def stop(self) -> bool:
        """Stop every node (together); True when at least one was running."""
        return stop_pids([n.pid_file for n in self.nodes], timeout_s=40) > 0


_DEFAULT = Kafka(DEFAULT)
LOG = _DEFAULT.node(1).log  # the dev broker's log, printed by `up`


def start() -> str:
    """Start the default environment's broker if it is not running; returns the bootstrap address."""
    return _DEFAULT.start()


def stop() -> bool:
    return _DEFAULT.stop()
