"""The short chaos run (issue 14 part 8) in `make test`: a few thousand department events through
Kafka, HTTP and a file import, once without faults and once with one fault of each kind, on an
environment of its own (deploy/local, slot CHAOS_SLOT: three Kafka nodes and a PostgreSQL it may
stop, never the shared ones). Every effect compared (deploy/chaos/effects.py: by what does not depend
on batch boundaries) must be the same in both runs: each event processed once with the same outcome,
the same factor states, the same final level of each household, the same standing tasks and their
status in the monitor and in the departments, one task status event per staff decision, the same dead
letters; and every fault injected."""
import os
import re
import subprocess
import sys

import pytest

from tests.integration.system import REPO

CHAOS_ENV, CHAOS_SLOT = "chaosshort", "4"
LINE = re.compile(r"events=(\d+) faults=(\d+) lost=(\d+) duplicated=(\d+) stalled_s=([\d.]+) "
                  r"deadletters=(\d+) expected_deadletters=(\d+)")
# One of each: monitor SIGKILL, broker restart, leader kill, PostgreSQL stop and freeze, rebalance,
# and a department service killed while staff work its tasks.
FAULT_KINDS = 7
KINDS = ("processed", "factors", "household_levels", "monitor_tasks", "task_status_events", "department_tasks",
         "dead_letters")


@pytest.mark.timeout(1800)  # two runs of the workload and a three-node cluster started: about 5 min here
def test_a_short_chaos_run_leaves_the_same_effects_as_the_run_without_faults():
    env = {**os.environ, "DEPLOY_LOCAL_SLOT": CHAOS_SLOT}
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "TOPIC_PREFIX"):  # the run's own, not the session's
        env.pop(name, None)
    try:
        run = subprocess.run([sys.executable, "-m", "deploy.chaos", "--env", CHAOS_ENV, "--events", "3000",
                              "--households", "1000", "--monitor-kills", "1", "--window-s", "40"],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=1500)
    finally:
        subprocess.run([sys.executable, "-m", "deploy.local", "--env", CHAOS_ENV, "down"], cwd=REPO, env=env,
                       capture_output=True, timeout=120)
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    found = LINE.fullmatch(last)
    assert found, f"no closing line (exit {run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    events, faults, lost, duplicated, _, deadletters, expected = (float(g) for g in found.groups())
    assert events >= 2500 and faults >= FAULT_KINDS, last
    assert (lost, duplicated) == (0, 0), run.stdout[-3000:]
    assert deadletters == expected > 0, run.stdout[-3000:]
    for kind in KINDS:
        found = re.search(rf"^  {kind}: reference (\d+), with faults (\d+), lost (\d+), duplicated (\d+)$", run.stdout, re.M)
        assert found and found.group(3, 4) == ("0", "0"), f"{kind}:\n{run.stdout[-3000:]}"
    assert "NOT completed" not in run.stdout, run.stdout[-3000:]
