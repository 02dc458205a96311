"""The policy file: validated with file, line and key; every rule cited or marked local."""
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from services.monitor.factor_state import FactorState, active
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
    anchor = "  source:\n    document: national\n"
    assert anchor in TEXT
    bad = TEXT.replace(anchor, "  note:\n    document: national\n")
    with pytest.raises(PolicyError, match="compulsory_education_age"):
        parse_policy(bad)


def test_a_rule_with_both_a_source_and_a_local_choice_is_refused():
    anchor = '    local_choice: "two independent orange risks'
    assert anchor in TEXT
    bad = TEXT.replace(anchor, '    source: {document: national, issuer: 国务院, title: 《某条例》, year: 2020, article: 第一条}\n' + anchor, 1)
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


# Sources: a primary document, checked against the plan's text (issue: every rule names its source).
DROPOUT_QUOTE = "确保除身体原因不具备学习条件外脱贫家庭义务教育阶段适龄儿童少年不失学辍学"


def _with_dropout_source(chapter: int, section: int, quote: str) -> str:
    old = f"    source:\n      document: kashgar_plan\n      chapter: 4\n      section: 3\n      quote: \"{DROPOUT_QUOTE}\""
    assert old in TEXT
    return TEXT.replace(old, f"    source:\n      document: kashgar_plan\n      chapter: {chapter}\n"
                             f"      section: {section}\n      quote: \"{quote}\"", 1)


def test_a_plan_quote_from_another_section_is_refused_with_its_line():
    bad = _with_dropout_source(4, 2, DROPOUT_QUOTE)  # the phrase is in section 3, not 2
    with pytest.raises(PolicyError) as caught:
        parse_policy(bad, "p.yaml")
    assert len(caught.value.problems) == 1
    assert "factors.dropout.source.kashgar_plan" in caught.value.problems[0]
    assert "not in chapter 4 section 2 of the Kashgar plan" in caught.value.problems[0]


@pytest.mark.parametrize("quote", ["确保所有儿童都上学", "不失学辍学。", "控辍保学招生入学、联保联控、核查劝返、特殊教育保障、质量提升等六项机制"])
def test_a_plan_quote_that_the_plan_does_not_say_is_refused(quote):
    with pytest.raises(PolicyError, match="not in chapter 4 section 3"):
        parse_policy(_with_dropout_source(4, 3, quote))


def test_a_quote_is_found_across_the_plan_text_line_breaks_and_spaces():
    spaced = DROPOUT_QUOTE[:10] + " " + DROPOUT_QUOTE[10:]
    assert parse_policy(_with_dropout_source(4, 3, spaced)).factors["dropout"].source.quote == spaced


@pytest.mark.parametrize("chapter, section", [(4, 9), (12, 1), (0, 1)])
def test_a_chapter_or_section_the_plan_does_not_have_is_refused(chapter, section):
    with pytest.raises(PolicyError, match="factors.dropout.source"):
        parse_policy(_with_dropout_source(chapter, section, DROPOUT_QUOTE))


@pytest.mark.parametrize("text", ["DESIGN.md section 5 proposes it", "as GLOSSARY says", "issue 4 asked for it",
                                  "the figure quoted in the seed"])
def test_the_teams_own_notes_are_neither_a_source_nor_a_reason(text):
    anchor = '    local_choice: "two independent orange risks at once are treated as a broken guarantee; no document sets a scale of colours"'
    assert anchor in TEXT
    with pytest.raises(PolicyError, match="not the team's own notes"):
        parse_policy(TEXT.replace(anchor, f'    local_choice: "{text}"'))
    reading = '      reading: "a child of compulsory-school age out of school breaks the education guarantee (三保障)"'
    assert reading in TEXT
    with pytest.raises(PolicyError, match="not the team's own notes"):
        parse_policy(TEXT.replace(reading, f'      reading: "{text}"'))


@pytest.mark.parametrize("field, value", [("title", "中华人民共和国义务教育法"), ("article", '""'), ("year", "06"),
                                          ("issuer", '""')])
def test_a_national_document_needs_issuer_title_year_and_article(field, value):
    lines = TEXT.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{field}:") and "national" in "".join(lines[i - 6:i]))
    lines[at] = f"    {field}: {value}"
    with pytest.raises(PolicyError, match=f"compulsory_education_age.source.national.{field}"):
        parse_policy("\n".join(lines))


def test_every_shipped_source_is_a_primary_document():
    from services.monitor.policy.sources import NationalSource, PlanSource

    sources = [r.source for r in POLICY.rules() if r.source is not None]
    assert sources and all(isinstance(s, (PlanSource, NationalSource)) for s in sources)
    assert {(s.chapter, s.section) for s in sources if isinstance(s, PlanSource)} <= {(2, 2), (4, 2), (4, 3), (4, 5)}


def test_the_plan_is_read_by_chapter_and_section():
    from services.monitor.policy.sources import plan_sections

    sections = plan_sections()
    assert {s for c, s in sections if c == 4} == {0, 1, 2, 3, 4, 5}
    assert {c for c, _ in sections} >= set(range(1, 8))
    assert "应纳尽纳" in sections[(4, 2)] and "应纳尽纳" not in sections[(4, 3)]
