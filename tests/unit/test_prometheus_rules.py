"""deploy/prometheus: `promtool check config` accepts prometheus.yml (and the rules it names),
`promtool test rules` passes rules_test.yml (each alert fires on its trouble, stays quiet otherwise),
and the scrape targets are the monitor's and every department's catalog port on 127.0.0.1.
promtool comes with Debian's prometheus package (deploy/install.sh installs it); missing, the test fails."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from shared.contracts.catalog import DEPARTMENTS, MONITOR_HTTP_PORT

pytestmark = pytest.mark.unit
FOLDER = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
PROMTOOL = os.environ.get("PROMTOOL_PATH") or shutil.which("promtool") or "/usr/bin/promtool"


def promtool(*args: str) -> subprocess.CompletedProcess:
    if not os.access(PROMTOOL, os.X_OK):
        pytest.fail(f"promtool not found at {PROMTOOL}: run `make install` (deploy/install.sh installs Debian's "
                    "prometheus) or set PROMTOOL_PATH", pytrace=False)
    return subprocess.run([PROMTOOL, *args], cwd=FOLDER, capture_output=True, text=True, timeout=60)


def test_promtool_accepts_the_config_and_its_rules():
    done = promtool("check", "config", "prometheus.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS: 6 rules found" in done.stdout + done.stderr


def test_every_alerting_rule_passes_its_unit_tests():
    done = promtool("test", "rules", "rules_test.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    rules = {r["alert"] for g in yaml.safe_load((FOLDER / "rules.yml").read_text())["groups"] for r in g["rules"]}
    tested = (FOLDER / "rules_test.yml").read_text()
    assert {a for a in rules if f"alertname: {a}" not in tested} == set()


def test_prometheus_scrapes_the_monitor_and_every_department_at_its_catalog_port():
    config = yaml.safe_load((FOLDER / "prometheus.yml").read_text())
    targets = {job["job_name"]: sorted(t for sc in job["static_configs"] for t in sc["targets"])
               for job in config["scrape_configs"]}
    assert targets == {"monitor": [f"127.0.0.1:{MONITOR_HTTP_PORT}"],
                       "departments": sorted(f"127.0.0.1:{d.http_port}" for d in DEPARTMENTS)}
    assert {job["metrics_path"] for job in config["scrape_configs"]} == {"/metrics/"}
