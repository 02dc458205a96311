"""`python -m deploy.local up --prometheus`'s Prometheus (deploy/local/prometheus.py): the real binary
started on its port of a throwaway environment, with the repository's alerting rules loaded and the
environment's monitor and departments as targets (ports moved by its offset), then stopped."""
import httpx
import pytest

from deploy.local.control import Local
from deploy.local.environment import LocalEnv
from deploy.local.process import pid_alive
from deploy.local.prometheus import PROMETHEUS_PORT
from deploy.local.services import DEPARTMENTS
from shared.contracts.catalog import MONITOR_HTTP_PORT
from tests.integration.system import free_port, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def lab(tmp_path):
    env = LocalEnv("it_prometheus", tmp_path, pg_port=0, kafka_ports=(0,), controller_ports=(0,),
                   service_port_offset=free_port() - PROMETHEUS_PORT)
    local = Local(env)
    yield local
    local.prometheus.stop()


def test_prometheus_starts_with_the_rules_and_the_environments_targets_then_stops(lab):
    address = lab.prometheus.start()
    offset = lab.env.service_port_offset
    assert address == f"http://127.0.0.1:{PROMETHEUS_PORT + offset}"
    with httpx.Client(base_url=address, timeout=5) as http:
        def targets() -> list:
            answer = http.get("/api/v1/targets")
            found = answer.json()["data"]["activeTargets"] if answer.status_code == 200 else []
            return found if len(found) == 1 + len(DEPARTMENTS) else []
        scraped = wait_until(targets, 30, "prometheus to load its targets")
        rules = http.get("/api/v1/rules").json()["data"]["groups"]
    assert {t["scrapeUrl"] for t in scraped} == {f"http://127.0.0.1:{p + offset}/metrics/"
                                                 for p in (MONITOR_HTTP_PORT, *DEPARTMENTS.values())}
    assert {r["name"] for g in rules for r in g["rules"]} >= {"ConsumerLagGrowing", "DeadLetterRateHigh",
                                                             "OutboxBacklogStuck"}
    assert lab.prometheus.stop() and pid_alive(lab.prometheus.pid_file) is None
