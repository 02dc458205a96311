"""The committed AsyncAPI document (docs/asyncapi.yaml) is what FastStream generates from the
contracts today: a contract change without regenerating it (`make asyncapi`) fails here."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_asyncapi_document_matches_the_contracts():
    env = {**os.environ, "TOPIC_PREFIX": ""}  # the published contract names the real topics
    generated = subprocess.run([sys.executable, "-m", "shared.asyncapi"], env=env, cwd=REPO, capture_output=True,
                               text=True, check=True).stdout
    committed = (REPO / "docs" / "asyncapi.yaml").read_text()
    assert generated == committed, "docs/asyncapi.yaml is stale: run `make asyncapi` and review the diff"
    assert "cn.kashgar.health_insurance.hospital_bill_settled.v1" in committed
    assert "monitor.alerts.v1" in committed
