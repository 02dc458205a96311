"""Department staff work their open tasks over HTTP, each decision drawn from the task itself
(household and task type), so the reference and the faulty run decide alike."""
import asyncio
import zlib

import httpx

from deploy.chaos.channels import post_with_retry

PAGE = 200


def decision(task: dict) -> int:
    """0: left open, 1: acknowledged, 2: acknowledged and completed."""
    return zlib.crc32(f"{task['household_id']}|{task['task_type']}".encode()) % 3


async def open_tasks(http: httpx.AsyncClient, url: str) -> list[dict]:
    out, offset = [], 0
    while True:
        for _ in range(600):
            try:
                r = await http.get(url, params={"status": "open", "limit": PAGE, "offset": offset})
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
        page = r.json()
        out += page
        if len(page) < PAGE:
            return out
        offset += PAGE


async def work_tasks(ports: dict[str, int], api_keys: dict[str, str]) -> int:
    """Decide every open task of every department; returns the decisions sent."""
    async def one(dept: str, port: int) -> int:
        url, sent = f"http://127.0.0.1:{port}/v1/tasks", 0
        async with httpx.AsyncClient(timeout=30) as http:
            headers = {"Authorization": f"Bearer {api_keys[dept]}"}
            http.headers.update(headers)
            for task in await open_tasks(http, url):
                steps = decision(task)
                if steps >= 1:
                    await post_with_retry(http, f"{url}/{task['task_id']}/acknowledge",
                                          b'{"acknowledged_by": "staff-chaos"}', headers)
                    sent += 1
                if steps == 2:
                    await post_with_retry(http, f"{url}/{task['task_id']}/complete",
                                          b'{"completed_by": "staff-chaos", "outcome": "resolved"}', headers)
                    sent += 1
        return sent
    return sum(await asyncio.gather(*(one(d, p) for d, p in ports.items())))
