"""What services/monitor/api.py hands the dashboard as its reads (dashboard/ports.py MonitorReads):
db_dashboard's, db_dashboard_queues' and db_system's queries, and consumer lag from the broker (shared.kafka_lag) for the
system's own groups: the monitor's and each task-receiving department's task intake."""
from services.monitor import db_dashboard, db_dashboard_queues, db_system
from services.monitor.consumer import GROUP_ID
from shared import topics
from shared.contracts.catalog import task_receivers
from shared.kafka_lag import PartitionLag, consumer_lag

LAG_TIMEOUT_MS = 3000  # the page waits at most about this long for an away broker


def system_groups() -> list[str]:
    """The consumer groups of this system (TOPIC_PREFIX included), the monitor's first."""
    return [topics.group(GROUP_ID)] + [topics.group(f"{code}-tasks") for code in task_receivers()]


class DashboardReads:
    """ports.MonitorReads: every query of db_dashboard, db_dashboard_queues and db_system, plus `consumer_lag`.
    `bootstrap`: the Kafka bootstrap servers (None: no broker known, lag is never available)."""

    def __init__(self, bootstrap: str | None):
        self._bootstrap = bootstrap

    def __getattr__(self, name: str):
        for module in (db_dashboard, db_dashboard_queues, db_system):
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(name)

    async def consumer_lag(self) -> list[PartitionLag] | None:
        """Lag of system_groups() per partition; None when the broker does not answer (or none is known)."""
        if self._bootstrap is None:
            return None
        try:
            return await consumer_lag(self._bootstrap, system_groups(), request_timeout_ms=LAG_TIMEOUT_MS)
        except Exception:  # noqa: BLE001 - the page says the broker is away, never fails
            return None
