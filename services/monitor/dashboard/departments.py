"""Department names for the dashboard: Chinese from each department's folder (shared/contracts/catalog.py),
English from its code; `township` is the cadres' verification visits (services/monitor/verification.py)."""
from shared.contracts.catalog import DEPARTMENTS

TOWNSHIP = ("乡镇（入户核实）", "Township (verification visits)")


def task_departments() -> list[str]:
    """The departments that receive tasks (catalog order), then `township`: the alerts list's department filter."""
    return [d.code for d in DEPARTMENTS if d.receives_tasks] + ["township"]


def department_name(code: str, lang: str) -> str:
    """'housing' -> '住建局' / 'Housing'; an unknown code shows as itself."""
    if code == "township":
        return TOWNSHIP[1 if lang == "en" else 0]
    if lang == "en":
        return code.replace("_", " ").capitalize()
    return next((d.name_zh for d in DEPARTMENTS if d.code == code), code)
