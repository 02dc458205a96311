"""Which events of a batch link to a registry person, which are held and which are refused,
from the matcher's decisions (services/monitor/matching, DESIGN.md section 4). Pure."""
from dataclasses import dataclass, field, replace
from decimal import Decimal

from services.monitor.matching import MatchResult
from services.monitor.records import Decoded, Rejected
from services.monitor.rules import Household, Member
from shared.contracts import monitor as m

People = dict[str, tuple[Member, Household]]  # by resident ID, or by Decoded.person_ref


def members_of(rows) -> People:
    """Registry rows (mappings with the columns of db_registry.PERSONS_SQL) as the rules' Member
    and Household, by resident ID."""
    return {rid: (member_of(r), Household(r["household_id"], r["county_code"], r["members"],
                                          r["income_per_capita_yuan"], tuple(r.get("deaths") or ())))
            for rid, r in rows.items()}


def member_of(r) -> Member:
    """A registry row as the rules' Member; the columns events keep current (migration 012) may be
    absent (a row built before them): the member is then as exported."""
    before = r.get("able_to_work_before"), r.get("main_earner_before")
    return Member(r["resident_id"], r["birth_date"], r["main_earner"], r["able_to_work"], r.get("deceased_on"),
                  r.get("health_status"), r.get("disability_grade"), None if before[0] is None else before,
                  r.get("labour_changed_on"))


def linked_elsewhere(results: list[MatchResult], found: People) -> list[str]:
    """Resident IDs the matcher linked to that are not among `found` (the probabilistic path)."""
    return sorted({r.resident_id for r in results if r.band == "link" and r.resident_id not in found})


@dataclass
class Matched:
    """`members` keyed by Decoded.person_ref; `linked` carry their Link; `decisions` by event ID;
    `held_reasons` by event ID for held events whose reason is not the matcher's (a deceased person)."""

    members: People = field(default_factory=dict)
    linked: list[Decoded] = field(default_factory=list)
    held: list[Decoded] = field(default_factory=list)
    refused: list[Rejected] = field(default_factory=list)
    decisions: dict[str, MatchResult] = field(default_factory=dict)
    held_reasons: dict[str, str] = field(default_factory=dict)


def classify(events: list[Decoded], results: list[MatchResult], found: People) -> Matched:
    """A link to a person in `found` links; nobody found with a missing or invalid ID is refused
    with the reason, as the department must correct it; anything else (a valid ID not in the
    registry, the review band) is held, as the person may be registered later."""
    out = Matched(decisions={x.event.id: r for x, r in zip(events, results)})
    for x, r in zip(events, results):
        if r.band == "link" and r.resident_id in found:
            out.members[x.person_ref] = found[r.resident_id]
            score = Decimal(f"{r.score:.3f}") if r.score is not None else None
            out.linked.append(replace(x, link=m.Link(method=r.method, score=score, compared_fields=r.link_fields())))
        elif r.band == "reject" and x.id_problem is not None:
            out.refused.append(Rejected(x.record, f"{x.id_problem}; {nobody_found(x)} ({r.reason})"))
        else:
            out.held.append(x)
    return out


def nobody_found(x: Decoded) -> str:
    if not x.event.data.person.village_code:
        # Blocking searches a village (or county) for people like this one: without a village code
        # and a usable ID there is nowhere to search.
        return "no village_code to search the registry by; send the person's village or a valid ID"
    return "no registry person in or near that village matches its name, gender and birth date"
