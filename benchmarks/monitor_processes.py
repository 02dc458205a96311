"""Monitor processes of a benchmark's own: `python -m services.monitor` on the benchmark's database
and topic prefix, logged in to Kafka as the monitor, its peak resident memory read from /proc."""
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from deploy.local.paths import ENV_FILE, LOCAL, read_env_file
from deploy.local.process import free_port
from deploy.local.services import Services

REPO = Path(__file__).resolve().parents[1]


@dataclass
class MonitorProcess:
    proc: subprocess.Popen
    log: Path
    profiled: bool = False

    def peak_rss_mb(self) -> float:
        """VmHWM of the running process (its peak resident set so far), MiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc status")

    def check_alive(self) -> None:
        """Raises RuntimeError with the log's end when the monitor has exited."""
        if self.proc.poll() is not None:
            raise RuntimeError(f"the monitor exited ({self.proc.returncode}): "
                               f"{self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT if self.profiled else signal.SIGTERM)  # py-spy writes on SIGINT
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_monitor(dsn: str, prefix: str, name: str, profile: Path | None = None) -> MonitorProcess:
    """A monitor on `dsn` reading the department topics under `prefix` (its group: `prefix`monitor),
    logging to .local/bench/<name>.log. The development environment's settings (.local/env) for the rest.
    `profile`: run it under py-spy (the bench extra), raw samples with idle time written there (its
    peak RSS is then py-spy's)."""
    env = {**os.environ, **read_env_file(ENV_FILE), "DATABASE_URL": dsn, "TOPIC_PREFIX": prefix,
           "MONITOR_HTTP_PORT": str(free_port()), "PYTHONUNBUFFERED": "1", **Services().kafka_identity("monitor")}
    env.pop("KAFKA_CREDENTIALS_FILE", None)  # the monitor's own login only, as the launcher starts it
    log = LOCAL / "bench" / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "services.monitor"]
    if profile is not None:
        command = [str(Path(sys.executable).parent / "py-spy"), "record", "--idle", "--format", "raw", "--rate", "50",
                   "-o", str(profile), "--", *command]
    proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return MonitorProcess(proc, log, profile is not None)
