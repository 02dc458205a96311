"""The policy file: validated with file, line and key; every rule cited or marked local."""
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from services.monitor.households import FactorState, active
from services.monitor.policy import DEFAULT_POLICY, PolicyError, load_policy, parse_policy

TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")
POLICY = load_policy()


def check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.monitor.policy", "check", str(path)],
                          capture_output=True, text=True)


def test_the_shipped_policy_checks_and_its_last_line_counts_the_rules():
    out = check(DEFAULT_POLICY)
    assert out.returncode == 0, out.stderr
    rules = POLICY.rules()
    cited = sum(r.source is not None for r in rules)
    assert out.stdout.splitlines()[-1] == f"policy={POLICY.version} rules={len(rules)} cited={cited} local={len(rules) - cited}"
    assert cited > 0 and len(rules) - cited > 0


def test_a_misspelt_key_is_reported_with_file_line_and_key(tmp_path):
    bad = tmp_path / "typo.yaml"
    bad.write_text(TEXT.replace("orange_count_makes_red:", "orange_count_make_red:"), encoding="utf-8")
    out = check(bad)
    line = 1 + TEXT.splitlines().index("  orange_count_makes_red:")
    assert out.returncode == 1
    assert f"{bad}:{line}: escalation.orange_count_make_red: Extra inputs are not permitted" in out.stderr


def test_a_bad_value_names_its_line(tmp_path):
    bad = TEXT.replace("    level: red\n    risk_type: schooling", "    level: crimson\n    risk_type: schooling")
    with pytest.raises(PolicyError) as caught:
        parse_policy(bad, "p.yaml")
    line = 1 + bad.splitlines().index("    level: crimson")
    assert caught.value.problems == [f"p.yaml:{line}: factors.dropout.level: Input should be 'green', 'yellow', "
                                     "'orange' or 'red'"]


def test_a_rule_without_source_or_local_choice_is_refused():
    bad = TEXT.replace('  source: "Compulsory Education Law', '  note: "Compulsory Education Law')
    with pytest.raises(PolicyError, match="compulsory_education_age"):
        parse_policy(bad)


def test_a_rule_with_both_a_source_and_a_local_choice_is_refused():
    bad = TEXT.replace('    local_choice: "DESIGN.md section 5 proposes it; no national standard exists"',
                       '    local_choice: "x y z"\n    source: "a b c"', 1)
    with pytest.raises(PolicyError, match="exactly one of"):
        parse_policy(bad)


def test_a_task_needs_department_type_and_due_days_together():
    bad = TEXT.replace("    task_type: return_to_school\n", "    task_type: null\n")
    with pytest.raises(PolicyError, match="go together"):
        parse_policy(bad)


def test_yaml_that_does_not_parse_names_its_line():
    with pytest.raises(PolicyError, match=r"p.yaml:2: not valid YAML"):
        parse_policy("version: x\nregion: [unclosed\n", "p.yaml")


def _state(code: str, days_ago: int, now):
    return {code: FactorState(code, "yellow", "unstable_work", True, "x", ("e1",), None, now - timedelta(days=days_ago))}


@pytest.mark.parametrize("days_ago, lapsed", [(364, False), (365, False), (366, True)])
def test_a_factor_lapses_after_its_policy_window(days_ago, lapsed):
    from datetime import datetime, timezone

    now = datetime(2026, 10, 1, tzinfo=timezone.utc)
    assert POLICY.factors["member_job_lost"].expires_after_days == 365
    assert (active(_state("member_job_lost", days_ago, now), POLICY, as_of=now) == []) is lapsed


def test_a_factor_without_a_window_never_lapses():
    from datetime import datetime, timezone

    now = datetime(2026, 10, 1, tzinfo=timezone.utc)
    assert POLICY.factors["dropout"].expires_after_days is None
    assert active(_state("dropout", 3000, now), POLICY, as_of=now) != []
