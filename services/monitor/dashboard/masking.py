"""Resident IDs in lists: masked, full only on the household page (issue 13, PIPL)."""


def mask_resident_id(resident_id: str | None) -> str:
    """'653121199001011234' -> '653121********1234': county of issue and the last four kept."""
    if not resident_id:
        return ""
    if len(resident_id) <= 10:
        return "*" * len(resident_id)
    return resident_id[:6] + "*" * (len(resident_id) - 10) + resident_id[-4:]
