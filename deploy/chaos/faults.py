"""The faults, and a seeded schedule of them at random moments of the streaming window. Each is
injected into the chaos environment's own processes (deploy/local.control.Local), never into the
shared Kafka or PostgreSQL; the supervisors of deploy/local restart a killed service."""
import asyncio
import signal
import threading
import time
from dataclasses import dataclass, field
from random import Random

from aiokafka.admin import AIOKafkaAdminClient

from deploy.local.process import LaunchError, free_port
from shared import topics
from shared.kafka_security import client_options

PAUSE_S = 6  # how long a stopped or frozen process stays away


@dataclass
class Faults:
    lab: object  # deploy.local.control.Local
    env: dict
    say: object = print
    done: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    # (what, began, ended) in time.monotonic s, for deploy.chaos.progress.stall_line
    windows: list[tuple[str, float, float]] = field(default_factory=list)

    def _note(self, what: str, began: float) -> None:
        self.done.append(what)
        self.windows.append((what, began, time.monotonic()))
        self.say(f"  fault {len(self.done)}: {what}")

    def kill_monitor(self) -> None:
        began = time.monotonic()
        pid = self.lab.services.kill("monitor")
        self._note(f"SIGKILL monitor (pid {pid})", began)

    def kill_department(self, code: str) -> None:
        began = time.monotonic()
        pid = self.lab.services.kill(code)
        self._note(f"SIGKILL {code} service while it handles tasks (pid {pid})", began)

    def restart_broker(self, node: int) -> None:
        began = time.monotonic()
        self.lab.kafka.stop_node(node)
        time.sleep(PAUSE_S)
        self._start_node(node)
        self._note(f"broker restart: node {node} stopped (SIGTERM) and started", began)

    def kill_leader(self) -> None:
        began = time.monotonic()
        leader = asyncio.run(self._leader_of(topics.events_topic("housing"), 0))
        self.lab.kafka.kill_node(leader, signal.SIGKILL)
        time.sleep(PAUSE_S)
        self._start_node(leader)
        self._note(f"SIGKILL of node {leader}, leader of {topics.events_topic('housing')}-0, then started", began)

    def _start_node(self, node: int) -> None:
        """start_node, once more if the node is still recovering its logs when the launcher gives up."""
        try:
            self.lab.kafka.start_node(node)
        except LaunchError:
            if not self.lab.kafka.running(node):
                self.lab.kafka.start_node(node)

    async def _leader_of(self, topic: str, partition: int) -> int:
        admin = AIOKafkaAdminClient(**client_options(self.env["KAFKA_BOOTSTRAP_SERVERS"]))
        await admin.start()
        try:
            [described] = await admin.describe_topics([topic])
            return next(p["leader"] for p in described["partitions"] if p["partition"] == partition)
        finally:
            await admin.close()

    def stop_postgres(self) -> None:
        began = time.monotonic()
        self.lab.postgres.stop()
        time.sleep(PAUSE_S)
        self.lab.postgres.start(fast=False, say=lambda *_: None)
        self._note("PostgreSQL stopped (pg_ctl -m fast) and started", began)

    def freeze_postgres(self) -> None:
        began = time.monotonic()
        self.lab.postgres.freeze()
        time.sleep(PAUSE_S)
        self.lab.postgres.thaw()
        self._note(f"PostgreSQL frozen (SIGSTOP of every server process) for {PAUSE_S} s, then SIGCONT", began)

    def rebalance(self) -> None:
        began = time.monotonic()
        self.lab.services.spawn("monitor-2", ["services.monitor"], {**self.env, "MONITOR_HTTP_PORT": str(free_port())})
        time.sleep(2 * PAUSE_S)  # joins the group: partitions move to it
        self.lab.services.stop("monitor-2")  # leaves: they move back
        self._note("second monitor instance in the group (rebalance), stopped after 12 s (rebalance again)", began)


def stream_schedule(rng: Random, window_s: float, monitor_kills: int) -> list[tuple[float, str]]:
    """(seconds after the start, fault name) at seeded random moments of the streaming window."""
    names = ["kill_monitor"] * monitor_kills + ["restart_broker", "kill_leader", "stop_postgres",
                                                 "freeze_postgres", "rebalance"]
    rng.shuffle(names)
    return sorted((rng.uniform(0.05, 0.85) * window_s, n) for n in names)


def run_schedule(faults: Faults, schedule: list[tuple[float, str]], rng: Random, stop: threading.Event) -> None:
    """Inject each fault at its moment (one at a time), in this thread, until `stop`."""
    start = time.monotonic()
    for at, name in schedule:
        if stop.wait(max(0.0, at - (time.monotonic() - start))):
            return
        began = time.monotonic()
        try:
            if name == "restart_broker":
                faults.restart_broker(rng.randint(1, faults.lab.env.nodes))
            else:
                getattr(faults, name)()
        except Exception as exc:  # noqa: BLE001 - a fault that could not be injected is reported, not fatal
            faults.failed.append(f"{name}: {type(exc).__name__}: {exc}")
            faults.windows.append((f"{name} (NOT completed)", began, time.monotonic()))
            faults.say(f"  fault {name} NOT completed: {type(exc).__name__}: {exc}")
