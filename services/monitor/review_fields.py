"""The review queue's comparison, side by side: a held event's person as the department sent it
beside one registry candidate, each shown field marked where the two differ. Pure: the event's
person (payload data.person), the candidate's registry row and the matcher's levels are handed in."""
from collections.abc import Mapping, Sequence

# Shown field -> (event person key, registry row key, the matcher's compared fields behind it).
SHOWN: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("resident_id", "resident_id", "resident_id", ("resident_id",)),
    ("name", "name", "name", ("family_name", "given_name")),
    ("gender", "gender", "gender", ("gender",)),
    ("birth_date", "birth_date", "birth_date", ("birth_date",)),
    ("village", "village_code", "village_code", ("village",)),
)


# A candidate found by its resident ID carries {"resident_id": ("same", 0.0)} (matching/candidate.py).
ID_HIT = ("resident_id", "same")


def agreeing_levels(model_fields: Sequence[tuple[str, Sequence[str]]]) -> dict[str, frozenset[str]]:
    """{compared field: its levels of full agreement} from the matcher's model fields
    (FSModel.fields: [(name, level names best first)]: the first), and ID_HIT, e.g.
    {'birth_date': {'exact'}, 'resident_id': {'same_body', 'same'}}."""
    found = {name: {levels[0]} for name, levels in model_fields}
    found.setdefault(ID_HIT[0], set()).add(ID_HIT[1])
    return {name: frozenset(levels) for name, levels in found.items()}


def _shown(value) -> str | None:
    return None if value is None or value == "" else str(value)


def compare(person: Mapping, registry: Mapping | None, levels: Mapping[str, Sequence],
            agreeing: Mapping[str, frozenset[str]]) -> list[dict]:
    """[{field, event, registry, levels, differs}] for the SHOWN fields: `event`/`registry` the
    values as text (None when unknown), `levels` {compared field: level name} of the matcher
    (`levels` as the held row's candidates carry them, {field: [level, weight]}). A field differs
    when a compared level is not full agreement; one the matcher did not compare differs when
    both values are known and unequal."""
    rows = []
    for field, event_key, registry_key, compared in SHOWN:
        ours, theirs = _shown(person.get(event_key)), _shown((registry or {}).get(registry_key))
        found = {c: levels[c][0] for c in compared if c in levels}
        if found:
            differs = any(level not in agreeing.get(c, ()) for c, level in found.items())
        else:
            differs = ours is not None and theirs is not None and ours != theirs
        rows.append({"field": field, "event": ours, "registry": theirs, "levels": found, "differs": differs})
    return rows
