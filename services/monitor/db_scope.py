"""The county filter every scoped query shares (services/monitor/operator_scope.py): a
`counties` of None is prefecture-wide, a frozenset of GB/T 2260 codes limits the rows to those counties."""


def in_counties(column: str, n: int) -> str:
    """SQL: `column` is one of the codes bound as parameter $n (a text[]), or $n is NULL (no limit)."""
    return f"({column} = ANY(${n}::text[]) OR ${n}::text[] IS NULL)"


# SQL on monitor.unmatched_events: one of its review candidates lives in a county bound as $1 (a
# text[]; the county is the household ID's first six digits), or $1 is NULL (no limit).
HELD_FOR_COUNTIES = ("($1::text[] IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(candidates) c "
                     "WHERE left(c->>'household_id', 6) = ANY($1::text[])))")


def codes(counties: frozenset[str] | None) -> list[str] | None:
    """The value to bind for in_counties: None stays None (every county), a set becomes a sorted list."""
    return None if counties is None else sorted(counties)
