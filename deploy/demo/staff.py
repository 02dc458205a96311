"""Department staff work their tasks over HTTP, as they would in their own systems."""
import asyncio
import os

import asyncpg
import httpx

from deploy.local import services
from shared.kit.auth import parse_keys


async def _assigned(dsn: str) -> dict[str, int]:
    conn = await asyncpg.connect(dsn)
    try:
        return dict(await conn.fetch("SELECT department, count(*) FROM monitor.tasks WHERE status = 'assigned' "
                                     "GROUP BY 1"))
    finally:
        await conn.close()


async def _open_tasks(http: httpx.AsyncClient, url: str, want: int, limit: int) -> list:
    tasks: list = []
    for _ in range(60):  # the department's subscriber stores tasks moments after the monitor sends them
        tasks = (await http.get(url, params={"status": "open", "limit": limit})).json()
        if len(tasks) >= want:
            break
        await asyncio.sleep(0.5)
    return tasks[:want]


async def staff_work(dsn: str, per_department: int) -> int:
    """Staff of every department acknowledge up to `per_department` tasks and complete half of
    them; returns the number of status events sent back to the monitor."""
    expected, sent = await _assigned(dsn), 0
    keys = parse_keys(os.environ["DEPARTMENT_API_KEYS"])
    async with httpx.AsyncClient(timeout=10) as http:
        for dept, port in services.DEPARTMENTS.items():
            http.headers["Authorization"] = f"Bearer {keys[dept]}"  # each department with its own key
            url = f"http://127.0.0.1:{port}/v1/tasks"
            for i, task in enumerate(await _open_tasks(http, url, min(expected.get(dept, 0), per_department),
                                                       per_department)):
                staff = f"staff-{dept}-{i % 7:02d}"
                r = await http.post(f"{url}/{task['task_id']}/acknowledge", json={"acknowledged_by": staff})
                sent += r.status_code == 200
                if i % 2 == 0:
                    r = await http.post(f"{url}/{task['task_id']}/complete", json={
                        "completed_by": staff, "outcome": "resolved", "measures": [f"{task['task_type']} 已落实"]})
                    sent += r.status_code == 200
    return sent
