"""The faulty run's effects against the reference's: a fact the reference has more often is lost,
one the faulty run has more often is duplicated (a wrong fact is both)."""
import json
from collections import Counter


def _count(facts: list) -> Counter:
    return Counter(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in facts)


def differences(reference: dict[str, list], run: dict[str, list]) -> dict[str, tuple[int, int]]:
    """{kind: (lost, duplicated)}."""
    out = {}
    for kind in reference:
        ref, got = _count(reference[kind]), _count(run.get(kind, []))
        out[kind] = (sum((ref - got).values()), sum((got - ref).values()))
    return out


def closing_line(events: int, faults: int, diffs: dict[str, tuple[int, int]], stalled_s: float,
                 deadletters: int, expected_deadletters: int) -> str:
    lost, duplicated = sum(d[0] for d in diffs.values()), sum(d[1] for d in diffs.values())
    return (f"events={events} faults={faults} lost={lost} duplicated={duplicated} stalled_s={stalled_s:.1f} "
            f"deadletters={deadletters} expected_deadletters={expected_deadletters}")
