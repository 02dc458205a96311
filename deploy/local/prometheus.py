"""Prometheus for a local environment (`python -m deploy.local up --prometheus`): Debian's `prometheus`
(deploy/install.sh) on 127.0.0.1:PROMETHEUS_PORT + the environment's service offset, scraping the
environment's monitor and departments with deploy/prometheus/prometheus.yml's jobs (ports moved by
the offset) and its alerting rules; data and log under <env home>/prometheus/."""
import shutil
import subprocess
from pathlib import Path

import yaml

from deploy.local.environment import LocalEnv
from deploy.local.paths import REPO
from deploy.local.process import LaunchError, pid_alive, port_open, stop_pid, wait_for_port

PROMETHEUS_PORT = 9090
CONFIG = REPO / "deploy" / "prometheus" / "prometheus.yml"
START_TIMEOUT_S = 30


def local_config(env: LocalEnv, template: Path = CONFIG) -> dict:
    """The scrape config of `template` for `env`: every 127.0.0.1:<port> target moved by the env's
    service offset, the rule files as absolute paths beside the template."""
    config = yaml.safe_load(template.read_text())
    config["rule_files"] = [str(template.parent / f) for f in config.get("rule_files", [])]
    for job in config["scrape_configs"]:
        for static in job["static_configs"]:
            static["targets"] = [f"{host}:{int(port) + env.service_port_offset}"
                                 for host, port in (t.rsplit(":", 1) for t in static["targets"])]
    return config


class Prometheus:
    def __init__(self, env: LocalEnv):
        self.env = env
        self.home = env.home / "prometheus"
        self.port = PROMETHEUS_PORT + env.service_port_offset
        self.pid_file, self.log = env.run_dir / "prometheus.pid", env.logs_dir / "prometheus.log"

    def start(self) -> str:
        """Start it unless it runs; returns its address. Raises LaunchError (no binary, port taken, no start)."""
        if pid_alive(self.pid_file):
            return f"http://127.0.0.1:{self.port}"
        binary = shutil.which("prometheus")
        if binary is None:
            raise LaunchError("prometheus not installed: run `make install` (deploy/install.sh) or "
                              "`sudo apt-get install -y prometheus`")
        if port_open(self.port):
            raise LaunchError(f"port {self.port} is taken by another process (a system prometheus?); stop it")
        for folder in (self.home / "data", self.env.run_dir, self.env.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
        config = self.home / "prometheus.yml"
        config.write_text(yaml.safe_dump(local_config(self.env), sort_keys=False, allow_unicode=True))
        cmd = [binary, f"--config.file={config}", f"--storage.tsdb.path={self.home / 'data'}",
               f"--web.listen-address=127.0.0.1:{self.port}", "--storage.tsdb.retention.time=7d"]
        with open(self.log, "ab") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=self.home, start_new_session=True)
        self.pid_file.write_text(str(proc.pid))
        wait_for_port(self.port, START_TIMEOUT_S, "prometheus", self.log, alive=lambda: proc.poll() is None)
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> bool:
        """True when it was running."""
        return stop_pid(self.pid_file, timeout_s=10)
