"""Linked department events as facts about households: which household each belongs to and the
amount it carries. Pure."""
from collections import defaultdict

from services.employment.contracts import JobLost
from services.health_insurance.contracts import HospitalBillSettled
from services.monitor.linking import People
from services.monitor.records import Decoded

BILL = "cn.kashgar.health_insurance.hospital_bill_settled.v1"


def amount_of(event) -> object:
    """The yuan amount an event carries (a bill's personal burden, a lost job's monthly wage), else None."""
    match event:
        case HospitalBillSettled():
            return event.data.personal_burden_yuan
        case JobLost():
            return event.data.monthly_wage_yuan
    return None


def household_of(x: Decoded, members: People) -> str:
    return members[x.person_ref][1].household_id


def by_household(linked: list[Decoded], members: People) -> dict[str, list[Decoded]]:
    """Linked events grouped by household ID, each group in business-time order (ties: event ID)."""
    groups: dict[str, list[Decoded]] = defaultdict(list)
    for x in linked:
        groups[household_of(x, members)].append(x)
    return {h: sorted(xs, key=lambda x: (x.event.time, x.event.id)) for h, xs in groups.items()}
