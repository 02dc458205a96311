"""HTTP: households' self-reports (services/monitor/self_reports.py)."""
import structlog
from fastapi.exceptions import RequestValidationError

from services.monitor import api_answers, self_reports
from services.monitor.api_deps import CaseOfficer, KeySecret, Pool
from shared.contracts.self_report import HardshipSelfReportedData
from shared.resident_id import InvalidResidentId

log = structlog.get_logger("services.monitor.api")
router = api_answers.operator_router()


@router.post("/v1/self-reports", status_code=202, responses={**api_answers.BAD_BODY, **api_answers.ACTS})
async def self_report(report: HardshipSelfReportedData, pool: Pool, key_secret: KeySecret, who: CaseOfficer) -> dict:
    """农户自主申报 from a household-facing front end: becomes an event on self_report.events.v1,
    matched and assessed like any department's; the cadres' visit verifies it. A resident ID
    that is given must be valid (422 otherwise); without one the monitor matches by name,
    gender, birth date and village, as for departments."""
    try:
        async with pool.acquire() as conn, conn.transaction():
            event_id = await self_reports.submit(conn, report, key_secret)
    except InvalidResidentId as exc:
        # answered like any other invalid body (shared.http_errors): loc from "body", with a type
        raise RequestValidationError([{"loc": ("body", "person", "resident_id"), "msg": str(exc),
                                       "type": "value_error"}]) from None
    log.info("self_report_accepted", event_id=event_id, front_end=who)
    return {"event_id": event_id}
