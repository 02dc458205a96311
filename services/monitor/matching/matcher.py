"""Match a batch of department records to the household registry (DESIGN.md section 4).

1. Every resident ID that normalises to a valid one is looked up in ONE `= ANY($1)` query,
   which also returns every member of the households of the people found.
   A hit links to the ID's owner only when nothing says it is someone else of the family
   (`decide_id_hit`; issue 15: clerks type the household head's or a sibling's ID):
   the record is compared with every member of the owner's household, and it goes to review
   (with the members that fit, and the owner) when another member fits as well or better,
   when the owner's given or father's name differs by a syllable that no transliteration rule
   explains, or when the owner's birth date or sex disagrees; it goes to the other member only
   when the evidence for them is decisive (see `decisive_relative`). A record held for review
   this way is also blocked as in step 2 (in the same query), and the people found whose names
   agree join its candidates (`_with_elsewhere`; a relative's ID from another household), or
   take the link when decisive (`decisive_elsewhere`). An ID with the shape a
   spreadsheet leaves (`truncated_by_spreadsheet`) never links on its own: the other fields must
   reach the auto-link threshold, as in step 2.
2. The rest (ID missing, invalid, or valid but unknown; an ID refused for a character nobody
   types, NO_EVIDENCE, is compared as no ID) are blocked (blocking.py) in ONE more
   query, every candidate is scored with Fellegi-Sunter weights (weights.py), and the best
   one is linked, sent to review, or rejected by the model's thresholds (the auto-link one
   depends on why the ID failed; the best must also lead its rival by `margin` bits, its names
   must agree by the rules of `names.variant_of` (a name one syllable away is a sibling's or a
   twin's, never a reason to link), and its sex and birth date (exact or day-month swapped) too:
   a namesake of the village born another day is not linked).
No personal data leaves as text other than the registry IDs in the results; field levels say
what agreed (`same_sound`), never the value.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Literal, Protocol

import asyncpg

from shared.resident_id import InvalidResidentId, normalise, truncated_by_spreadsheet

from . import blocking
from .comparisons import Prepared, compare, names_agree, prepare, registry_person
from .weights import FSModel, load_model

Method = Literal["exact", "normalised", "probabilistic"]
Band = Literal["link", "review", "reject"]

_SELECT_PERSONS = "SELECT p.resident_id, p.household_id, p.name, p.gender, p.birth_date, h.village_code "
#: The registry people with the given IDs (no household members).
PERSONS_SQL = (
    _SELECT_PERSONS
    + "FROM monitor.persons p JOIN monitor.households h USING (household_id) WHERE p.resident_id = ANY($1::text[])"
)
#: The people with the records' IDs and the members of their households who could fit the
#: record as well (`_relatives_to_score`), in one round trip. Parallel arrays, one element per
#: record: $1 ID, $2 name, $3 gender, $4 birth date as the record has them. When the record has
#: exactly its owner's name, sex and birth date, only members born that day come back; else all.
#: A household can come more than once: callers key the rows by resident ID.
EXACT_SQL = (
    _SELECT_PERSONS
    + "FROM unnest($1::text[], $2::text[], $3::text[], $4::date[]) AS r(resident_id, name, gender, birth_date) "
    "JOIN monitor.persons hit ON hit.resident_id = r.resident_id "
    "JOIN monitor.persons p ON p.household_id = hit.household_id AND (p.resident_id = hit.resident_id "
    "OR p.birth_date = r.birth_date OR r.name IS DISTINCT FROM hit.name "
    "OR r.gender IS DISTINCT FROM hit.gender::text OR r.birth_date IS DISTINCT FROM hit.birth_date) "
    "JOIN monitor.households h ON h.household_id = p.household_id"
)

TOP = 3  # candidates kept for review


class PersonLike(Protocol):
    """What a department says about the person; shared.contracts.types.Person fits."""

    resident_id: str | None
    name: str | None
    gender: str | None
    birth_date: date | None
    village_code: str | None


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """A plain PersonLike (the evaluation reads these from CSV)."""

    resident_id: str | None
    name: str | None
    gender: str | None = None
    birth_date: date | None = None
    village_code: str | None = None


#: Birth-date levels that count as agreeing: exact, or day and month swapped (a one-digit
#: difference may be a namesake born ten days later in the same village).
BORN_AGREES = ("exact", "day_month_swapped")
_SAME_OR_SOUND = ("exact", "same_sound")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored registry person; `levels` index into the model's FIELDS (None = not compared).
    `names_agree`: every compared name part is one name by `names.variant_of` (None: no name)."""

    resident_id: str
    household_id: str
    score: float
    levels: tuple[int | None, ...]
    model: FSModel = field(repr=False, compare=False)
    id_hit: bool = False  # found by its resident ID: the score is the other fields only
    names_agree: bool | None = None

    @property
    def compared_fields(self) -> dict[str, tuple[str, float]]:
        """field -> (level, weight in bits), e.g. {'given_name': ('same_sound', 6.96)}."""
        fields = self.model.explain(self.levels)
        return {"resident_id": ("same", 0.0), **fields} if self.id_hit else fields

    def level(self, name: str) -> str | None:
        """The level name of one of the model's fields, None if not compared (or no such field)."""
        where = self.model.positions.get(name)
        if where is None or self.levels[where[0]] is None:
            return None
        return where[1][self.levels[where[0]]]

    @property
    def personal_score(self) -> float:
        """Bits from the fields that describe the person (all but the resident ID): what tells
        two members of one household apart."""
        where = self.model.positions.get("resident_id")
        if where is None:
            return self.model.score(self.levels)
        return self.model.score(tuple(None if i == where[0] else lv for i, lv in enumerate(self.levels)))

    def disagrees(self) -> str | None:
        """The first personal field that says this is someone else: name_differs (a name part
        one syllable or more away, no transliteration rule explaining it), gender_differs,
        birth_date_differs (more than a day-month swap); None if none does."""
        if self.names_agree is False:
            return "name_differs"
        if self.level("gender") == "different":
            return "gender_differs"
        if self.level("birth_date") not in (None, *BORN_AGREES):
            return "birth_date_differs"
        return None

    def agrees_fully(self) -> bool:
        """Names exact or same sound, same sex, same birth date: all compared and all agreeing."""
        return (self.names_agree is True and self.level("given_name") in _SAME_OR_SOUND
                and self.level("family_name") in (None, *_SAME_OR_SOUND) and self.level("gender") == "same"
                and self.level("birth_date") == "exact")


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The decision for one record. `resident_id`/`household_id` are set only for band 'link';
    `candidates` (at most 3) let a reviewer choose. `reason` is a code, never personal data.
    ID found in the registry: id_in_registry (linked to its owner); id_relative:linked (linked
    to another member of the owner's household, decisive evidence); id_elsewhere:linked (linked
    to someone the blocking path found for the other fields, decisive evidence, see
    `decisive_elsewhere`); review with id_contradicted
    (the other fields score below the model's exact_review_below; the owner first, then members
    that fit as well or better), id_relative (a member of the owner's household fits as well or
    better; best first), id_name_differs | id_gender_differs | id_birth_date_differs (the owner
    disagrees on that field; the owner alone), id_truncated:linked | id_truncated:below_link (an
    ID a spreadsheet truncated, confirmed or not by the other fields); every such review also
    lists the best people found elsewhere whose names agree (`_with_elsewhere`). Probabilistic path:
    id_missing | id_invalid | id_unknown | id_truncated followed by :linked | :ambiguous |
    :below_link | :name_differs | :gender_differs | :birth_date_differs (would link but for that
    field) | :below_review | :no_candidates."""

    resident_id: str | None
    household_id: str | None
    method: Method
    band: Band
    score: float | None
    candidates: tuple[Candidate, ...]
    reason: str

    @property
    def compared_fields(self) -> dict[str, tuple[str, float]]:
        """The fields compared for the best candidate, with level and weight."""
        return self.candidates[0].compared_fields if self.candidates else {}

    def link_fields(self) -> list[str]:
        """For the alert's Link.compared_fields: 'given_name=same_sound(+7.0)'."""
        return [f"{name}={level}({weight:+.1f})" for name, (level, weight) in self.compared_fields.items()]


@lru_cache(maxsize=1)
def default_model() -> FSModel:
    return load_model()


def row_person(row: asyncpg.Record) -> Prepared:
    return registry_person(row["resident_id"], row["name"], row["gender"], row["birth_date"], row["village_code"])


def _candidate(model: FSModel, rec: Prepared, row: Mapping, use_variants: bool, id_hit: bool = False,
               with_names: bool = True) -> Candidate:
    """A registry person scored against a record; for the ID's owner (`id_hit`) the ID field is
    left out, the score being what the OTHER fields say. `with_names`: also decide whether the
    names agree (`names_agree`; left None otherwise, see `_with_names`)."""
    person = row_person(row)
    levels = compare(rec, person, use_variants)
    if id_hit:
        levels = (None,) + levels[1:]
    agree = _names_agree(rec, person, levels, use_variants) if with_names else None
    return Candidate(row["resident_id"], row["household_id"], round(model.score(levels), 3), levels, model, id_hit,
                     agree)


def _names_agree(rec: Prepared, person: Prepared, levels: tuple[int | None, ...], use_variants: bool) -> bool | None:
    """names_agree, without the work when both parts are exact or same sound (always one name)."""
    given, family = levels[1], levels[2]
    if given is not None and given <= 1 and (family is None or family <= 1):
        return True
    return names_agree(rec.name, person.name, use_variants)


def _with_names(model: FSModel, rec: Prepared, scored: list[tuple[Candidate, Mapping]], use_variants: bool
                ) -> tuple[Candidate, ...]:
    """Candidates best first; whether the names agree is decided for those within `margin` bits of
    the best (the only ones the decision looks at: the best and its possible rivals)."""
    scored.sort(key=lambda cr: -cr[0].score)
    if not scored:
        return ()
    floor = scored[0][0].score - model.margin
    return tuple(replace(c, names_agree=_names_agree(rec, row_person(row), c.levels, use_variants))
                 if c.score >= floor else c for c, row in scored)


def id_state(raw: str | None) -> tuple[str | None, bool, str]:
    """(normalised ID or None, changed by normalisation, why it cannot link by itself)."""
    if raw is None or not str(raw).strip():
        return None, False, "id_missing"
    try:
        n = normalise(raw)
    except InvalidResidentId:
        return None, False, "id_invalid"
    return n.value, n.changed, "id_truncated" if truncated_by_spreadsheet(n.value) else "id_unknown"


#: InvalidResidentId reasons for which the ID as sent is no evidence at all: a character that
#: nobody types into an ID (an emoji, a zero-width space, a tab, a control character; see
#: shared/resident_id.py) says the field was spoiled on its way, not mistyped, so the characters
#: around it say nothing about whose ID it was.
NO_EVIDENCE = frozenset({"bad_character"})


def compared_id(raw: str | None, norm: str | None) -> str | None:
    """The ID a record is compared with, given `norm` from `id_state`: the normalised ID when it
    is valid; the text as sent when `normalise` refused it for its form (a wrong check character,
    a digit too many or too few: a typo, evidence for the IDs one edit away); None (compared as
    if the record had no ID) when it was refused for a reason in NO_EVIDENCE."""
    if norm is not None or raw is None:
        return norm
    try:
        normalise(raw)
    except InvalidResidentId as exc:
        return None if exc.reason in NO_EVIDENCE else raw
    return raw


def runner_up(ranked: Sequence[Candidate]) -> float:
    """Score of the best rival of ranked[0]: the next candidate whose names do not disagree with
    the record. One whose name is a syllable away is another person (a twin, a brother), not a
    reading of the record's name: 古丽娜's record does not make her twin 古丽扎 a rival."""
    return next((c.score for c in ranked[1:] if c.names_agree is not False), float("-inf"))


def decide(model: FSModel, ranked: Sequence[Candidate], reason: str) -> MatchResult:
    """Probabilistic decision on candidates sorted best first. The best links when it reaches
    the auto-link threshold for `reason`, leads its rival (`runner_up`) by `margin` bits, and no
    personal field says it is someone else (`Candidate.disagrees`: a name a syllable away, another
    sex, another birth date: a sibling, a twin, a namesake of the village); otherwise review from
    the review threshold, else reject."""
    if not ranked:
        return MatchResult(None, None, "probabilistic", "reject", None, (), f"{reason}:no_candidates")
    best = ranked[0]
    top = tuple(ranked[:TOP])
    link = model.link_threshold_for(reason)
    clear = best.score >= link and best.score - runner_up(ranked) >= model.margin
    doubt = best.disagrees()
    if clear and doubt is None:
        return MatchResult(best.resident_id, best.household_id, "probabilistic", "link", best.score, top,
                           f"{reason}:linked")
    if best.score >= model.review_threshold:
        why = doubt if clear else "ambiguous" if best.score >= link else "below_link"
        return MatchResult(None, None, "probabilistic", "review", best.score, top, f"{reason}:{why}")
    return MatchResult(None, None, "probabilistic", "reject", best.score, top, f"{reason}:below_review")


@dataclass(frozen=True, slots=True)
class Scored:
    """A record's candidates before the decision: the exact hit alone, or the blocked ones.
    For an ID hit, `household` holds the other members of the owner's household, and
    `elsewhere` the blocked people, both scored on every field (their resident ID compared with
    the record's too)."""

    exact: bool
    method: Method
    reason: str
    ranked: tuple[Candidate, ...]  # best first
    household: tuple[Candidate, ...] = ()
    truncated: bool = False  # the ID has the shape a spreadsheet leaves: it cannot link by itself
    #: For an ID hit its owner does not confirm: the people the blocking path finds for the
    #: record's other fields (`elsewhere_candidates`), in any household, owner left out.
    elsewhere: tuple[Candidate, ...] = ()


def _relatives_to_score(rec: Prepared, owner: Candidate, members: Sequence[Mapping]) -> list[Mapping]:
    """The household members that could fit the record as well as its ID's owner. When the owner
    agrees (names, sex, birth date exact or swapped), only a member born the same day (or on the
    swapped date) can: another birth date weighs more than the difference between two spellings
    of one name. Otherwise every member is compared."""
    if rec.birth_date is None or owner.disagrees() is not None:
        return list(members)
    born = rec.birth_date
    return [m for m in members if m["birth_date"] == born
            or (m["birth_date"].day == born.month and m["birth_date"].month == born.day
                and m["birth_date"].year == born.year)]


async def _fetch_exact(conn: asyncpg.Connection, people: Sequence[PersonLike], ids: Sequence[str | None]
                       ) -> dict[str, Mapping]:
    """EXACT_SQL for the records with a valid ID: registry rows by resident ID."""
    asked = [(rid, p) for rid, p in zip(ids, people) if rid]
    if not asked:
        return {}
    rows = await conn.fetch(EXACT_SQL, [rid for rid, _ in asked], [p.name for _, p in asked],
                            [p.gender for _, p in asked], [p.birth_date for _, p in asked])
    return {r["resident_id"]: r for r in rows}


async def score_batch(conn: asyncpg.Connection, people: Sequence[PersonLike], model: FSModel,
                      use_variants: bool = True, known: Mapping[str, Mapping] | None = None) -> list[Scored]:
    """Candidates with scores for every record. Two queries per batch at most: exact IDs (with
    the members of their households), then blocks. `known`: registry rows (EXACT_SQL's columns)
    by resident ID, fetched by the caller for the batch's valid IDs and the members of their
    households; then the exact query is not run and an ID not in it is not in the registry.
    An ID hit that its owner does not confirm (it would go to review) is also blocked, in the
    same second query, by its other fields and the owner's village when it has none (a
    relative's ID: a grown son's household is often in his father's village); see
    `Scored.elsewhere`."""
    prepared: list[Prepared] = []
    states = []
    for p in people:
        norm, changed, reason = id_state(p.resident_id)
        prepared.append(prepare(compared_id(p.resident_id, norm), p.name, p.gender, p.birth_date, p.village_code))
        states.append((norm, changed, reason))
    if known is not None:
        found = known
    else:
        found = await _fetch_exact(conn, people, [norm for norm, _, _ in states])
    households: dict[str, list[Mapping]] = defaultdict(list)
    for row in found.values():
        households[row["household_id"]].append(row)

    out: list[Scored | None] = [None] * len(people)
    fallback: dict[int, str] = {}
    unconfirmed: dict[int, str] = {}  # ID hits going to review -> the owner's village (to block in)
    for i, (rec, (norm, changed, reason)) in enumerate(zip(prepared, states)):
        row = found.get(norm) if norm else None
        if row is None:
            fallback[i] = reason
            continue
        owner = _candidate(model, rec, row, use_variants, id_hit=True)
        members = [m for m in households[row["household_id"]] if m["resident_id"] != norm]
        relatives = tuple(_candidate(model, rec, m, use_variants) for m in _relatives_to_score(rec, owner, members))
        out[i] = Scored(True, "normalised" if changed else "exact", "id_in_registry", (owner,), relatives,
                        reason == "id_truncated")
        if _decide_owner(model, out[i]).band == "review":
            unconfirmed[i] = row["village_code"]
    if fallback or unconfirmed:
        keys = [(i, k) for i in fallback for k in blocking.record_keys(prepared[i])]
        keys += [(i, k) for i, village in unconfirmed.items()
                 for k in blocking.record_keys(replace(prepared[i], village=prepared[i].village or village))]
        neighbours = [(i, n) for i in fallback for n in blocking.id_neighbours(prepared[i].resident_id)]
        by_record: dict[int, list[tuple[Candidate, Mapping]]] = defaultdict(list)
        for row in await blocking.fetch_candidates(conn, keys, neighbours):
            i = row["ord"]
            by_record[i].append((_candidate(model, prepared[i], row, use_variants, with_names=i in unconfirmed),
                                 row))
        for i, reason in fallback.items():
            out[i] = Scored(False, "probabilistic", reason,
                            _with_names(model, prepared[i], by_record.get(i, []), use_variants))
        for i in unconfirmed:
            out[i] = replace(out[i], elsewhere=elsewhere_candidates(model, out[i], by_record.get(i, [])))
    return out  # type: ignore[return-value]


def elsewhere_candidates(model: FSModel, s: Scored, blocked: Sequence[tuple[Candidate, Mapping]]
                         ) -> tuple[Candidate, ...]:
    """The blocked people who could be the one an unconfirmed ID hit describes: not the ID's
    owner, and whose names agree with the record's (`names_agree`), or, the record having no
    name, who score from the review threshold. Best first by `Candidate.personal_score`."""
    owner = s.ranked[0].resident_id
    found = [c for c, _ in blocked if c.resident_id != owner and (
        c.names_agree is True or (c.names_agree is None and c.score >= model.review_threshold))]
    return tuple(sorted(found, key=lambda c: -c.personal_score))


def _describes_someone(owner: Candidate) -> bool:
    """The record says who it is for beyond its ID: a name or a birth date was compared."""
    return owner.level("given_name") is not None or owner.level("birth_date") is not None


def rivals(owner: Candidate, relatives: Sequence[Candidate]) -> list[Candidate]:
    """Members of the ID owner's household whom the record's name, sex and birth date fit as well
    as the owner or better (issue 15: compare with every member before deciding), best first."""
    if not _describes_someone(owner):
        return []
    found = [r for r in relatives if r.personal_score >= owner.personal_score]
    return sorted(found, key=lambda r: -r.personal_score)


def decisive_relative(owner: Candidate, rivals_: Sequence[Candidate]) -> Candidate | None:
    """The member an ID hit links to instead of the ID's owner, or None. Decisive only when the
    record contradicts its own ID on every personal field that an ID carries or names (the
    owner's name differs beyond a variant, and the sex and birth date written in the ID differ
    too), and exactly one member of the household agrees exactly (names exact or same sound,
    sex, birth date). A brother's ID on a brother's bill is never decisive: it goes to review."""
    exact = [r for r in rivals_ if r.agrees_fully()]
    return exact[0] if _contradicts_its_id(owner) and len(exact) == 1 else None


def _contradicts_its_id(owner: Candidate) -> bool:
    """The record contradicts its ID's owner on every personal field an ID carries or names: the
    name differs beyond a variant, and the sex and the birth date written in the ID differ too."""
    return (owner.names_agree is False and owner.level("gender") == "different"
            and owner.level("birth_date") not in (None, *BORN_AGREES))


def decisive_elsewhere(model: FSModel, owner: Candidate, others: Sequence[Candidate]) -> Candidate | None:
    """The person an unconfirmed ID hit links to in another household, or None; `others` are the
    candidates besides the owner (household members and blocked people), best first by
    personal_score. As for `decisive_relative`: only when the record contradicts its ID on name,
    sex and birth date together (`_contradicts_its_id`), the best other agrees fully (names exact
    or same sound, sex, birth date), and it leads the next other whose names do not disagree by
    the model's margin (no twin, no namesake born that day the record cannot tell apart)."""
    if not others or not _contradicts_its_id(owner) or not others[0].agrees_fully():
        return None
    rival = next((c.personal_score for c in others[1:] if c.names_agree is not False), float("-inf"))
    return others[0] if others[0].personal_score - rival >= model.margin else None


def _with_elsewhere(model: FSModel, s: Scored, held: MatchResult) -> MatchResult:
    """An ID hit held for review, with the blocked people (`Scored.elsewhere`) among the
    candidates: linked to one of them when decisive (`decisive_elsewhere`, reason
    id_elsewhere:linked), else the review keeps its reason and score, with the owner and the best
    others by personal_score (TOP in all, each person once); the owner comes first, last for
    id_relative (a member fits better)."""
    owner = s.ranked[0]
    others: dict[str, Candidate] = {}
    for c in sorted((*held.candidates, *s.elsewhere), key=lambda c: -c.personal_score):
        if c.resident_id != owner.resident_id:
            others.setdefault(c.resident_id, c)
    ranked = list(others.values())
    other = decisive_elsewhere(model, owner, ranked)
    if other is not None:
        return MatchResult(other.resident_id, other.household_id, "probabilistic", "link", other.score,
                           (other, owner), "id_elsewhere:linked")
    top = (*ranked[:TOP - 1], owner) if held.reason == "id_relative" else (owner, *ranked[:TOP - 1])
    return replace(held, candidates=top)


def decide_id_hit(model: FSModel, s: Scored) -> MatchResult:
    """The decision for a record whose resident ID is in the registry (module docstring, step 1):
    `_decide_owner`, then, for a record held for review, the people found for its other fields
    in any household (`_with_elsewhere`: among the candidates, or linked when decisive)."""
    held = _decide_owner(model, s)
    if held.band != "review" or not s.elsewhere:
        return held
    return _with_elsewhere(model, s, held)


def _decide_owner(model: FSModel, s: Scored) -> MatchResult:
    """The decision on the ID's owner and the members of the owner's household.

    In order: a decisive other member of the household -> link to them (id_relative:linked);
    the other fields far below the owner (exact_review_below) -> review, id_contradicted; a member
    who fits as well or better -> review, id_relative; the owner's name, sex or birth date
    disagrees -> review, id_<field>_differs; a truncated ID whose other fields do not reach the
    auto-link threshold -> review, id_truncated:below_link; else link to the owner."""
    owner = s.ranked[0]
    better = rivals(owner, s.household)
    other = decisive_relative(owner, better)
    if other is not None:
        return MatchResult(other.resident_id, other.household_id, "probabilistic", "link", other.score,
                           (other, owner), "id_relative:linked")
    if owner.score < model.exact_review_below:
        # The ID exists but name, sex and birth date say it is someone else: a person decides.
        return MatchResult(None, None, s.method, "review", owner.score, (owner, *better)[:TOP], "id_contradicted")
    if better:
        # The owner stays a candidate however many members fit better: the reviewer compares both.
        return MatchResult(None, None, s.method, "review", better[0].score, (*better[:TOP - 1], owner), "id_relative")
    why = owner.disagrees()
    if why is not None:
        return MatchResult(None, None, s.method, "review", owner.score, (owner,), f"id_{why}")
    if s.truncated:
        if owner.score >= model.link_threshold_for("id_truncated"):
            return MatchResult(owner.resident_id, owner.household_id, "probabilistic", "link", owner.score, (owner,),
                               "id_truncated:linked")
        return MatchResult(None, None, "probabilistic", "review", owner.score, (owner,),
                           "id_truncated:below_link")
    return MatchResult(owner.resident_id, owner.household_id, s.method, "link", owner.score, s.ranked, s.reason)


def decide_scored(model: FSModel, s: Scored) -> MatchResult:
    return decide_id_hit(model, s) if s.exact else decide(model, s.ranked, s.reason)


async def match_batch(conn: asyncpg.Connection, people: Sequence[PersonLike], *, model: FSModel | None = None,
                      use_variants: bool = True, known: Mapping[str, Mapping] | None = None) -> list[MatchResult]:
    """One MatchResult per input, in order; at most two queries for the whole batch (one with `known`,
    see score_batch)."""
    model = model or default_model()
    return [decide_scored(model, s) for s in await score_batch(conn, people, model, use_variants, known)]
