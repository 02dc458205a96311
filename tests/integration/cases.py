"""Helpers for following a case through the operator and department HTTP APIs."""
import asyncio

import httpx


def operator_headers(system) -> dict:
    token = system.env["OPERATOR_TOKENS"].split(",")[0].split(":", 1)[1]
    return {"Authorization": f"Bearer {token}"}


def operator_name(system) -> str:
    return system.env["OPERATOR_TOKENS"].split(",")[0].split(":", 1)[0]


# The county-scoped operator the test system adds (tests/integration/fixtures.py): 喀什市's office.
SCOPED_OPERATOR, SCOPED_COUNTY = "it_county_office", "653101"
VIEWER = "it_viewer"  # reads, may not act (OPERATOR_ROLES)


def scoped_operator_env(env: dict, token: str) -> dict:
    """`env` with SCOPED_OPERATOR's token and VIEWER's (its reverse) appended to OPERATOR_TOKENS (the
    first token stays the prefecture-wide test operator's), his county added to OPERATOR_SCOPES, and
    OPERATOR_ROLES: the first operator an administrator, SCOPED_OPERATOR a case officer, VIEWER a viewer."""
    scopes = [s for s in env.get("OPERATOR_SCOPES", "").split(",") if s] + [f"{SCOPED_OPERATOR}:{SCOPED_COUNTY}"]
    first = env["OPERATOR_TOKENS"].split(",")[0].split(":", 1)[0]
    return {**env, "OPERATOR_TOKENS": f"{env['OPERATOR_TOKENS']},{SCOPED_OPERATOR}:{token},{VIEWER}:{token[::-1]}",
            "OPERATOR_SCOPES": ",".join(scopes),
            "OPERATOR_ROLES": f"{first}:administrator,{SCOPED_OPERATOR}:case_officer,{VIEWER}:viewer"}


def viewer_headers(system) -> dict:
    token = next(item.split(":", 1)[1] for item in system.env["OPERATOR_TOKENS"].split(",")
                 if item.split(":", 1)[0] == VIEWER)
    return {"Authorization": f"Bearer {token}"}


def scoped_token(system) -> str:
    return next(item.split(":", 1)[1] for item in system.env["OPERATOR_TOKENS"].split(",")
                if item.split(":", 1)[0] == SCOPED_OPERATOR)


def scoped_headers(system) -> dict:
    return {"Authorization": f"Bearer {scoped_token(system)}"}


async def move(http: httpx.AsyncClient, system, alert_id: str, to: str, **extra) -> httpx.Response:
    """POST a lifecycle transition as the test operator."""
    return await http.post(system.url("monitor", f"/v1/alerts/{alert_id}/transitions"),
                           json={"to": to, "reason": f"test: {to}", **extra}, headers=operator_headers(system))


async def complete_task(http: httpx.AsyncClient, system, department: str, task_id: str, outcome: str,
                        **extra) -> httpx.Response:
    """The department's staff complete a task once their service has received it."""
    base = system.url(department, "/v1/tasks")
    headers = system.department_headers(department)
    for _ in range(100):
        listed = (await http.get(base, params={"limit": 1000}, headers=headers)).json()
        if any(t["task_id"] == task_id for t in listed):
            break
        await asyncio.sleep(0.1)
    return await http.post(f"{base}/{task_id}/complete", headers=headers,
                           json={"completed_by": f"staff-{department}-01", "outcome": outcome, **extra})


async def eventually(db, query: str, *args, expected=True, attempts: int = 100):
    """Poll `query` until it returns `expected`; returns the last value."""
    for _ in range(attempts):
        value = await db.fetchval(query, *args)
        if value == expected:
            return value
        await asyncio.sleep(0.1)
    return value


async def timeline(http: httpx.AsyncClient, system, household_id: str) -> list[dict]:
    response = await http.get(system.url("monitor", f"/v1/households/{household_id}/timeline"),
                              headers=operator_headers(system))
    assert response.status_code == 200, response.text
    return response.json()["timeline"]


async def plan(http: httpx.AsyncClient, system, household_id: str) -> list[dict]:
    response = await http.get(system.url("monitor", f"/v1/households/{household_id}/plan"),
                              headers=operator_headers(system))
    assert response.status_code == 200, response.text
    return response.json()["open_measures"]
