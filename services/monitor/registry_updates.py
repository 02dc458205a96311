"""Which linked events of a batch change the registry, which are held because their person had
died, and the batch's people after the changes (issue 10 part 4; member_state decides each). Pure.

The registrations are applied first, in business-time order, so that every other event of the
batch is judged against the registry with them: a bill after a death registered in the same batch
is held like one arriving later, and a bill dated before it still counts."""
from dataclasses import dataclass, field, replace

from services.monitor.linking import People
from services.monitor.member_state import REGISTRATIONS, deceased_reason, fact_date, registration_effect
from services.monitor.records import Decoded
from services.monitor.rules.model import Member


@dataclass
class Current:
    """`linked`: events to assess; `changed`: (registration, member after it); `repeats`: linked
    registrations that change nothing (recorded, no effect); `held`: (event, reason) for review."""

    members: People
    linked: list[Decoded] = field(default_factory=list)
    changed: list[tuple[Decoded, Member]] = field(default_factory=list)
    repeats: list[Decoded] = field(default_factory=list)
    held: list[tuple[Decoded, str]] = field(default_factory=list)


def keep_current(linked: list[Decoded], members: People) -> Current:
    """`members` by Decoded.person_ref, as loaded; the result's members are after the changes."""
    out = Current(dict(members))
    effects: dict[str, Member | str | None] = {}
    registrations = [x for x in linked if isinstance(x.event, REGISTRATIONS)]
    for x in sorted(registrations, key=lambda x: (x.event.time, x.event.id)):
        effect = effects[x.event.id] = registration_effect(x.event, out.members[x.person_ref][0])
        if isinstance(effect, Member):
            out.members = with_member(out.members, effect)
            out.changed.append((x, effect))
    for x in linked:
        if x.event.id in effects:
            effect = effects[x.event.id]
        else:
            effect = deceased_reason(out.members[x.person_ref][0], fact_date(x.event)) or x
        if isinstance(effect, str):
            out.held.append((x, effect))
        elif effect is None:
            out.repeats.append(x)
        else:
            out.linked.append(x)
    return out


def with_member(members: People, after: Member) -> People:
    """`members` with every entry of `after`'s person replaced, and, when he has just died, his
    death date added to his household's (on every member's entry)."""
    before, household = next(e for e in members.values() if e[0].resident_id == after.resident_id)
    died = after.deceased_on is not None and before.deceased_on is None
    deaths = household.deaths + ((after.deceased_on,) if died else ())
    return {ref: (after if m.resident_id == after.resident_id else m,
                  replace(h, deaths=deaths) if h.household_id == household.household_id else h)
            for ref, (m, h) in members.items()}
