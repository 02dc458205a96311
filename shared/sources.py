"""Which CloudEvents `source` belongs to whom: the one rule, used wherever a source is written or
checked (the monitor on every events topic and on its task status, the departments on their task
topic and their HTTP API). DESIGN.md section 3 names the topics; shared.topics builds them.

An owner is a department's code, `self_report` or `monitor` (lower_snake_case, as in its topics).
Its source is `/kashgar/<owner>`, or a path below it naming one of its systems,
`/kashgar/<owner>/<segment>/...`, each segment lowercase ASCII letters, digits, `_` and `-`,
starting with a letter or digit. Nothing else: sources are compared as written, never normalised,
so a spelling that would need normalising is refused rather than repaired: no `.` or `..`
segment, no percent-encoding, no empty segment (`//`), no trailing `/`, no query or fragment, no
upper case, no character outside ASCII (look-alikes, full-width letters), no blank or control
character. `/kashgar/housingX` and `/kashgar/housing_evil` are well formed but name other owners.
"""
import re

MONITOR = "monitor"
_OWNER = r"[a-z][a-z_]*"  # as shared.topics checks a department's code
_SEGMENT = r"[a-z0-9][a-z0-9_-]*"
_SOURCE = re.compile(rf"/kashgar/(?P<owner>{_OWNER})(?:/{_SEGMENT})*")
_SHOWN = 80  # characters of a refused source quoted in a reason


def source_of(owner: str) -> str:
    """`/kashgar/<owner>`, the source `owner` writes. Raises ValueError for an owner that is not
    lower_snake_case."""
    if not re.fullmatch(_OWNER, owner):
        raise ValueError(f"an owner of a source is lower_snake_case, got {owner!r}")
    return f"/kashgar/{owner}"


def owner_of(source: str) -> str | None:
    """The owner a well-formed source names (`housing` for `/kashgar/housing/county-653125`);
    None for any other string (any of the spellings the module docstring refuses)."""
    found = _SOURCE.fullmatch(source) if isinstance(source, str) else None
    return found["owner"] if found else None


def source_problem(source: str, owner: str) -> str | None:
    """None when `source` belongs to `owner`; else why not, one sentence quoting the source
    (escaped, at most 80 characters) for a dead letter or an API error."""
    found = owner_of(source)
    if found == owner:
        return None
    shown = repr(source[:_SHOWN]) + ("..." if len(source) > _SHOWN else "")
    if found is None:
        return (f"source {shown} is not a source of ours: {owner}'s is {source_of(owner)} or a path below it "
                "(lowercase ASCII letters, digits, _ and - between single slashes)")
    return f"source {shown} is {found}'s, not {owner}'s ({source_of(owner)} or a path below it)"
