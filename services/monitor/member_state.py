"""A registry member as of a day, and what a civil affairs registration changes in him (issue 10
part 4). Pure: the member and the event in, the member after it (or why the event is held) out.

Rules of time (business time decides, DESIGN.md section 7):
- an event speaks of the earliest date its data carries (a bill: its admission date; a job lost:
  `lost_on`), else of its own time's local date (`fact_date`);
- a member who died on D is a living member for events of dates up to D (admitted on the day he
  died) and not after; a change registered on D (death, disability) changes his labour status for
  events dated after D, so late events of earlier dates are assessed as when he lived;
- the household's members counted as of a day exclude those deceased before it. Its per-capita
  income stays the registry's: 人均纯收入 is the surveyed figure of the export's income year
  (家庭纯收入 / 家庭人口数 at the annual 收入核查) and changes only with a newer export (part 3),
  so the household's annual income as of the day is that figure times the members living then.
"""
from dataclasses import replace
from datetime import date, timedelta

from services.civil_affairs.contracts import DeathRegistered, DisabilityRegistered
from services.monitor.local_time import local_date
from services.monitor.rules.model import Household, Member

DISABLED = "disabled"  # 健康状况 残疾: the code the registry import writes (registry/export_mapping.yaml)
#: Disability grades (GB/T 26341-2010 残疾人残疾分类和分级: 1 极重度, 2 重度, 3 中度, 4 轻度) whose
#: holder no longer counts as able to work: the national system's 劳动技能 puts severe (重度) disability
#: under 丧失劳动力, moderate and mild under 弱劳动力或半劳动力, which still work.
UNABLE_GRADES = frozenset({1, 2})
REGISTRATIONS = (DeathRegistered, DisabilityRegistered)


def fact_date(event) -> date:
    """The date an event's fact is about: the earliest date field of its data (the person's birth
    date is not one), else the local date (Asia/Shanghai) of its business time."""
    days = [v for v in vars(event.data).values() if isinstance(v, date)]
    return min(days) if days else local_date(event.time)


def registered_on(event) -> date:
    """The date a civil affairs registration says its fact happened."""
    return event.data.died_on if isinstance(event, DeathRegistered) else event.data.registered_on


def premature(event, today: date) -> str | None:
    """Why a death or disability registration is refused (dead-lettered): its date is after the
    registration itself or after today (local date), which no registration can be. Else None."""
    if not isinstance(event, REGISTRATIONS):
        return None
    day, sent = registered_on(event), min(local_date(event.time), today)
    if day <= sent:
        return None
    what = "died_on" if isinstance(event, DeathRegistered) else "registered_on"
    return (f"{what} {day.isoformat()} is in the future: after the registration's own date {sent.isoformat()}; "
            "a death or disability is registered after it happened")


def living_on(member: Member, day: date) -> bool:
    return member.deceased_on is None or day <= member.deceased_on


def as_of(member: Member, household: Household, day: date) -> tuple[Member, Household]:
    """The member and his household as the rules see them on `day`: his labour status before a
    change dated on or after `day`, and the members deceased before `day` not counted (at least 1)."""
    if member.labour_before is not None and member.labour_changed_on is not None and day < member.labour_changed_on:
        member = replace(member, able_to_work=member.labour_before[0], main_earner=member.labour_before[1])
    gone = sum(d < day for d in household.deaths)
    if gone:
        household = replace(household, members=max(household.members - gone, 1))
    return member, household


def deceased_reason(member: Member, day: date) -> str | None:
    """Why an event about `member` dated `day` is held for review: he died before it. Else None."""
    if living_on(member, day):
        return None
    return (f"person deceased: the registry has this person deceased on {member.deceased_on.isoformat()}, "
            f"before this event's date {day.isoformat()}; needs review (a relative's resident ID on the "
            "record, or a wrong death registration?)")


def registration_effect(event, member: Member) -> Member | str | None:
    """What a death or disability registration makes of `member`: the member after it, None when
    it changes nothing (the same registration again: no effect), or the reason to hold it for review
    (a second death with another date, anything about him dated after his death)."""
    if isinstance(event, DeathRegistered):
        return died(member, event.data.died_on)
    reason = deceased_reason(member, event.data.registered_on)
    return reason if reason else disabled(member, event.data.grade, event.data.registered_on)


def died(member: Member, day: date) -> Member | str | None:
    if member.deceased_on == day:
        return None
    if member.deceased_on is not None:
        return (f"person deceased: the registry has this person deceased on {member.deceased_on.isoformat()}; "
                f"a second death registration dated {day.isoformat()} needs review")
    return replace(labour_changed(member, able=False, main=False, day=day), deceased_on=day)


def disabled(member: Member, grade: int, day: date) -> Member | None:
    if (member.health_status, member.disability_grade) == (DISABLED, grade):
        return None
    after = replace(member, health_status=DISABLED, disability_grade=grade)
    if grade in UNABLE_GRADES and member.able_to_work and member.deceased_on is None:
        after = labour_changed(after, able=False, main=member.main_earner, day=day)
    return after


def labour_changed(member: Member, *, able: bool, main: bool, day: date) -> Member:
    """`member` with a new labour status from the day after `day`; the status it replaced is kept
    (the first one an event replaced, so the export's status stays what earlier events see)."""
    before = member.labour_before or (member.able_to_work, member.main_earner)
    since = min(filter(None, (member.labour_changed_on, day + timedelta(days=1))))
    return replace(member, able_to_work=able, main_earner=main, labour_before=before, labour_changed_on=since)
