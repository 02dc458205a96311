"""An in-memory implementation of the batch use cases' protocol (services/monitor/ports.py), for
unit tests of the batch core in the style of cosmicpython's service-layer tests: the same
methods PgStore implements on PostgreSQL, with dictionaries. Only what the PostgreSQL tables
promise is imitated (one row per key, ON CONFLICT DO NOTHING, a task's department must match);
the matcher is replaced by a lookup of the normalised resident ID."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from services.monitor import verification
from services.monitor.assessing import HouseholdState, OpenAlert
from services.monitor.db_household_events import RecordedBill
from services.monitor.db_members import MemberUpdate
from services.monitor.dedup import UNKNOWN_SOURCE
from services.monitor.decode import read_resident_id
from services.monitor.factor_state import FactorState
from services.monitor.lifecycle import CLOSED
from services.monitor.linking import members_of
from services.monitor.matching import MatchResult
from services.monitor.task_reports import CompletedTask

NOBODY = MatchResult(None, None, "probabilistic", "reject", None, (), "id_unknown:no_candidates")


@dataclass
class FakeStore:
    registry: dict[str, dict]  # resident ID -> row with the columns of db_registry.PERSONS_SQL
    processed: dict = field(default_factory=dict)  # (source, event ID) -> ProcessedRow
    dead_letters: list = field(default_factory=list)
    outbox: list = field(default_factory=list)
    unmatched: dict = field(default_factory=dict)  # (source, event ID) -> UnmatchedRow
    events: dict = field(default_factory=dict)  # (source, event ID) -> HouseholdEventRow
    factors: dict = field(default_factory=lambda: defaultdict(dict))  # household -> code -> FactorState
    alerts: dict = field(default_factory=dict)  # alert ID -> dict
    assessments: list = field(default_factory=list)  # (Reassessment, policy version)
    tasks: dict = field(default_factory=dict)  # task ID -> dict
    locked: list = field(default_factory=list)
    member_changes: dict = field(default_factory=dict)  # event ID -> MemberUpdate

    async def already_processed(self, keys):
        asked = set(keys) | {(UNKNOWN_SOURCE, event_id) for _, event_id in keys}  # rows from before migration 014
        return {k: self.processed[k].content_sha256 for k in asked if k in self.processed}

    async def mark_processed(self, rows):
        for r in rows:
            assert (r.source, r.event_id) not in self.processed, "the primary key of processed_events"
            self.processed[r.source, r.event_id] = r

    async def record_dead_letters(self, rows):
        self.dead_letters += rows

    async def enqueue(self, messages):
        self.outbox += messages

    def _row(self, resident_id):
        """A registry row as db_registry reads it: with its household's members' death dates."""
        row = self.registry[resident_id]
        return {**row, "deaths": tuple(sorted(r["deceased_on"] for r in self.registry.values()
                                              if r["household_id"] == row["household_id"] and r.get("deceased_on")))}

    async def households_of(self, resident_ids):
        households = {self.registry[r]["household_id"] for r in resident_ids if r in self.registry}
        return {rid: self._row(rid) for rid, row in self.registry.items() if row["household_id"] in households}

    async def match(self, persons, known):
        out = []
        for p in persons:
            rid, _ = read_resident_id(p.resident_id)
            row = known.get(rid.value) if rid else None
            out.append(MatchResult(row["resident_id"], row["household_id"], "exact", "link", None, (),
                                   "id_in_registry") if row else NOBODY)
        return out

    async def find_members(self, resident_ids):
        return members_of({r: self._row(r) for r in resident_ids if r in self.registry})

    async def insert_unmatched(self, rows):
        for r in rows:
            self.unmatched.setdefault((r.source, r.event_id), r)

    async def lock_households(self, household_ids):
        self.locked.append(list(household_ids))

    async def update_members(self, rows):
        for r in rows:
            self.registry[r.resident_id].update(zip(MemberUpdate._fields[1:9], r[1:9]))
            self.member_changes.setdefault(r.event_id, r)

    async def insert_household_events(self, rows):
        for r in rows:
            self.events.setdefault((r.source, r.event_id), r)

    async def medical_burdens(self, bills, event_type, window_days):
        return {b.event_id: sum((e.amount_yuan for e in self.events.values()
                                 if e.household_id == b.household_id and e.event_type == event_type
                                 and b.at - timedelta(days=window_days) < e.occurred_at <= b.at), 0)
                for b in bills}

    async def later_recorded_bills(self, bills, event_type):
        ids, out = {b.event_id for b in bills}, []
        for hid in sorted({b.household_id for b in bills}):
            mine = [e for e in self.events.values() if e.household_id == hid and e.event_type == event_type]
            last = max(mine, key=lambda e: (e.occurred_at, e.event_id), default=None)
            if last is not None and last.event_id not in ids:
                out.append(RecordedBill(last.event_id, hid, last.resident_id, last.payload_json))
        return out

    async def load_factors(self, household_ids):
        return {h: dict(self.factors[h]) for h in household_ids}

    def _open_alert(self, household_id):
        mine = [a for a in self.alerts.values() if a["household_id"] == household_id and a["status"] not in CLOSED]
        last = mine[-1] if mine else None  # inserted last: raised last
        return OpenAlert(last["alert_id"], last["current_level"] or last["level"]) if last else None

    async def household_states(self, household_ids):
        return {h: HouseholdState(dict(self.factors[h]), self._open_alert(h),
                                  {t["task_type"] for t in self.tasks.values()
                                   if t["household_id"] == h and t["status"] != "completed"})
                for h in household_ids}

    async def upsert_factors(self, rows):
        for r in rows:
            self.factors[r.household_id][r.code] = FactorState(r.code, r.level, r.risk_type, r.active, r.resident_id,
                                                               tuple(r.evidence_event_ids), r.amount_yuan,
                                                               r.changed_at)

    async def insert_alerts(self, alerts):
        for a, at, due in alerts:
            self.alerts.setdefault(a.alert_id, {"alert_id": a.alert_id, "household_id": a.household_id,
                                                "level": a.level, "current_level": None, "assessed_at": None,
                                                "status": "raised", "business_time": at, "verification_due": due})

    async def open_visits(self, alerts):
        for a, at, due in alerts:
            for t in self.tasks.values():
                if (t["household_id"], t["task_type"]) == (a.household_id, verification.TASK_TYPE) \
                        and t["status"] != "completed" and t["alert_id"] != a.alert_id:
                    t.update(status="completed", outcome=verification.SUPERSEDED)
            self.tasks.setdefault(verification.task_id(a.alert_id), {
                "task_id": verification.task_id(a.alert_id), "alert_id": a.alert_id, "household_id": a.household_id,
                "department": verification.DEPARTMENT, "task_type": verification.TASK_TYPE, "factor_code": None,
                "due_date": due, "status": "assigned"})

    async def record_assessments(self, found, policy_version):
        for r in found:
            self.assessments.append((r, policy_version))
            for a in self.alerts.values():
                if a["household_id"] == r.household_id and a["status"] not in CLOSED \
                        and (a["assessed_at"] is None or a["assessed_at"] <= r.at):
                    a.update(current_level=r.assessment.level, assessed_at=r.at)

    async def insert_tasks(self, tasks):
        for t in tasks:
            self.tasks.setdefault(t.task_id, {"task_id": t.task_id, "alert_id": t.alert_id,
                                              "household_id": t.household_id, "department": t.department,
                                              "task_type": t.task_type, "factor_code": t.factor_code,
                                              "due_date": t.due_date, "status": "assigned"})

    async def known_tasks(self, keys):
        return {i for i, dept in keys if i in self.tasks and self.tasks[i]["department"] == dept
                and self.tasks[i]["task_type"] != verification.TASK_TYPE}

    async def acknowledge(self, acks, known):
        for a in acks:
            if a.task_id in known and self.tasks[a.task_id]["status"] == "assigned":
                self.tasks[a.task_id]["status"] = "acknowledged"

    async def complete(self, completions, known):
        done = []
        for c in completions:
            t = self.tasks.get(c.task_id)
            if c.task_id in known and t["status"] != "completed":
                t.update(status="completed", outcome=c.outcome)
                done.append(CompletedTask(c.task_id, t["alert_id"], t["household_id"], t["factor_code"], c.outcome,
                                          c.at, c.event_id))
        return done
