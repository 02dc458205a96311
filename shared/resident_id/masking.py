"""A resident ID as an operator's list shows it (PIPL; issue 13): the region's first four and the
last two characters, the rest starred, so a person is recognisable to whoever holds the file
but never readable off a screen. The full ID is only on the household page."""


def masked(resident_id: str | None) -> str:
    """'6531************36' for an 18-character ID; '***' for anything shorter than 8; '' for None."""
    if not resident_id:
        return ""
    raw = resident_id.strip()
    if len(raw) < 8:
        return "***"
    return raw[:4] + "*" * (len(raw) - 6) + raw[-2:]
