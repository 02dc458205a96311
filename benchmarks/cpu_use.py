"""CPU seconds the benchmark's processes used over a phase (from /proc): the monitor, PostgreSQL (the
postmaster with every backend, ended ones included) and Kafka, to set beside the phase's wall time
on a machine of os.cpu_count() cores: what bounds a figure."""
import os
import time
from pathlib import Path

from deploy.local.environment import DEFAULT

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2:].split()  # after the command name, which may hold spaces


def cpu_s(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of `pid`; with `children`, those of its ended children it has
    waited for as well (a postmaster's backends) and of its live children."""
    fields = _stat(pid)
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    if children:
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            try:
                ticks += sum(int(x) for x in _stat(int(child))[11:13])
            except FileNotFoundError:
                pass  # ended meanwhile: counted in the parent's from now on
    return ticks / TICK


def _pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class CpuMeter:
    """CPU seconds of the monitors `pids`, PostgreSQL and Kafka of the development environment since start()."""

    def __init__(self, pids: list[int]):
        self.parts = {"monitor": [(p, False) for p in pids]}
        for name, pid_file in (("postgres", DEFAULT.pg_home / "data" / "postmaster.pid"),
                               ("kafka", DEFAULT.kafka_home / "broker.pid")):
            if (pid := _pid(pid_file)) is not None:
                self.parts[name] = [(pid, name == "postgres")]
        self.start = self._read()
        self.started = time.monotonic()

    def _read(self) -> dict[str, float]:
        return {name: sum(cpu_s(p, c) for p, c in pids) for name, pids in self.parts.items()}

    def summary(self) -> str:
        """'wall 20.1 s on 2 cores (40.2 core-s): monitor 18.0, postgres 9.1, kafka 2.0 CPU s'."""
        wall = time.monotonic() - self.started
        used = {k: v - self.start[k] for k, v in self._read().items()}
        cores = os.cpu_count() or 1
        return (f"wall {wall:.1f} s on {cores} cores ({wall * cores:.1f} core-s): "
                + ", ".join(f"{k} {v:.1f}" for k, v in used.items()) + " CPU s")
