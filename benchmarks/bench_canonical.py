"""The cost of comparing events by meaning (shared/contracts/canonical.py), per event, against the
spelling-bound digest the monitor used before: both on the same synthetic hospital bill, best of 5
runs of 20,000 (no database or broker needed).

    python -m benchmarks.bench_canonical

Last line: `spelling_us=A canonical_us=B` (microseconds per event digest).
"""
import hashlib
import timeit
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from services.health_insurance.contracts import HospitalBillSettled, HospitalBillSettledData
from shared.contracts.canonical import content_digest
from shared.contracts.types import Person

RUNS, EACH = 5, 20_000


def bill() -> HospitalBillSettled:
    when = datetime(2026, 10, 15, 10, 30, tzinfo=timezone(timedelta(hours=8)))
    return HospitalBillSettled(
        id="bench-1", source="/kashgar/health_insurance", type="cn.kashgar.health_insurance.hospital_bill_settled.v1",
        time=when, data=HospitalBillSettledData(
            person=Person(resident_id="653101199001011235", name="测试人员"), settlement_id="JS0001",
            admission_date=when.date() - timedelta(days=10), discharge_date=when.date(),
            total_cost_yuan=Decimal("3703.50"), basic_insurance_yuan=Decimal("2469.00"),
            critical_illness_yuan=Decimal("0"), medical_assistance_yuan=Decimal("0"),
            personal_burden_yuan=Decimal("1234.50")))


def best_us(work) -> float:
    return min(timeit.repeat(work, number=EACH, repeat=RUNS)) / EACH * 1e6


def main() -> None:
    event = bill()
    spelling = best_us(lambda: hashlib.sha256(event.model_dump_json().encode()).digest())
    canonical = best_us(lambda: content_digest(event))
    print(f"spelling_us={spelling:.1f} canonical_us={canonical:.1f}")


if __name__ == "__main__":
    main()
