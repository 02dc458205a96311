"""A policy file with a typo stops the monitor at start, naming the file, line and key."""
import subprocess
import sys

from services.monitor.policy import DEFAULT_POLICY


def test_the_monitor_refuses_to_start_with_a_misspelt_policy_key(system, tmp_path):
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    bad = tmp_path / "policy.yaml"
    bad.write_text(text.replace("  yellow_count_makes_orange:", "  yelow_count_makes_orange:"), encoding="utf-8")
    line = 1 + text.splitlines().index("  yellow_count_makes_orange:")
    out = subprocess.run([sys.executable, "-m", "services.monitor"], env={**system.env, "MONITOR_POLICY": str(bad)},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert f"{bad}:{line}: escalation.yelow_count_makes_orange: Extra inputs are not permitted" in out.stderr
