"""deploy/local/prometheus.py's config for an environment: deploy/prometheus/prometheus.yml's targets
moved by the environment's service offset, its rule files found from anywhere."""
from pathlib import Path

import pytest

from deploy.local.environment import DEFAULT, named
from deploy.local.prometheus import CONFIG, local_config

pytestmark = pytest.mark.unit


def targets(config: dict) -> list[str]:
    return [t for job in config["scrape_configs"] for sc in job["static_configs"] for t in sc["targets"]]


def test_the_default_environment_scrapes_the_catalog_ports_and_a_named_one_its_moved_ports():
    default, chaos = local_config(DEFAULT), local_config(named("chaos"))
    assert "127.0.0.1:8100" in targets(default)
    assert [int(t.rsplit(":", 1)[1]) + 1000 for t in targets(default)] == \
        [int(t.rsplit(":", 1)[1]) for t in targets(chaos)]
    assert [Path(f) for f in chaos["rule_files"]] == [CONFIG.parent / "rules.yml"]
    assert Path(chaos["rule_files"][0]).is_file()
