"""The demo's summary and closing lines (deploy/summary.py): one vocabulary with the README and
the APIs (linked, open), the task status column explained, overdue and escalated counts in the
summary, and where to look afterwards, without the operator token itself."""
from rich.console import Console

from deploy.summary import render, where_to_look
from shared import topics


def rendered(**data) -> str:
    console = Console(record=True, width=240)
    base = {"registry": {"households": 2, "persons": 5}, "by_department": [], "links": [], "alerts": [], "tasks": [],
            "held": [], "pending_outbox": 0}
    render({**base, **data}, console)
    return console.export_text()


def test_events_are_linked_in_the_line_and_the_table_and_task_status_is_explained():
    text = rendered(by_department=[{"source_topic": topics.events_topic("housing"), "outcome": "linked", "n": 7},
                                   {"source_topic": topics.events_topic("housing"), "outcome": "task_status", "n": 3}])
    assert "linked=7 unmatched=0 dead_lettered=0" in text
    assert "matched=" not in text.replace("unmatched=", "")
    assert "task status: the department's own reports on the monitor's tasks" in text


def test_tasks_are_open_as_the_department_api_says_with_overdue_per_department():
    text = rendered(tasks=[{"department": "housing", "status": "assigned", "n": 5, "overdue": 4},
                           {"department": "housing", "status": "acknowledged", "n": 2, "overdue": 1},
                           {"department": "housing", "status": "completed", "n": 3, "overdue": 0}],
                    escalated={"alerts": 3, "escalations": 5})
    header = next(line for line in text.splitlines() if "department" in line and "acknowledged" in line)
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == ["department", "open", "acknowledged", "completed",
                                                                   "overdue"]
    row = next(line for line in text.splitlines() if "housing" in line and "│" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == ["housing", "5", "2", "3", "5"]
    assert "alerts escalated by overdue tasks: 3 (5 escalations" in text


def test_the_closing_lines_name_the_dashboard_token_place_docs_and_a_watch_command():
    lines = where_to_look(8100)
    assert lines[0].split()[1] == "http://127.0.0.1:8100/dashboard/"
    assert ".local/env" in lines[1] and "OPERATOR_TOKENS" in lines[1]
    assert "http://127.0.0.1:8100/docs" in lines[2]
    assert "python -m relapse watch alerts" in lines[3]


def test_the_closing_lines_never_carry_a_token(monkeypatch):
    token = "a3f9" * 8
    monkeypatch.setenv("OPERATOR_TOKENS", f"operator:{token}")
    assert not any(token in line for line in where_to_look(8100))
