"""The monitor's operator API (README "Monitor operator API") for the commands: a bearer token,
clear refusals. Raises relapse.failures.Refused for a 4xx/5xx (with the monitor's reason) and
MonitorUnreachable when nothing answers."""
import httpx

from relapse.failures import MonitorUnreachable, Refused

WHY = {401: "the monitor refused the operator token (check OPERATOR_TOKENS in .local/env, or --token)",
       503: "the monitor's database is away; try again in a few seconds"}


class MonitorApi:
    def __init__(self, url: str, token: str, transport: httpx.BaseTransport | None = None):
        self.url = url
        self.http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=15,
                                 transport=transport)

    def _call(self, method: str, path: str, **kwargs):
        try:
            r = self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise MonitorUnreachable(f"monitor unreachable at {self.url} ({type(exc).__name__}); is it running? "
                                     "`make status`, or pass --monitor-url") from None
        if r.status_code >= 400:
            raise Refused(WHY.get(r.status_code) or f"the monitor answered {r.status_code}: {_detail(r)}")
        return r.json()

    def alerts(self, **filters) -> list[dict]:
        return self._call("GET", "/v1/alerts", params={k: v for k, v in filters.items() if v is not None})

    def review_queue(self, limit: int) -> list[dict]:
        return self._call("GET", "/v1/review", params={"limit": limit})

    def accept(self, event_id: str, resident_id: str, reason: str) -> dict:
        return self._call("POST", f"/v1/review/{event_id}/accept", json={"resident_id": resident_id, "reason": reason})

    def reject(self, event_id: str, reason: str) -> dict:
        return self._call("POST", f"/v1/review/{event_id}/reject", json={"reason": reason})


def _detail(r: httpx.Response) -> str:
    try:
        detail = r.json().get("detail", r.text)
    except ValueError:
        return r.text[:200]
    return detail if isinstance(detail, str) else str(detail)[:300]
