"""The people a department simulator draws from: a CSV sample of the synthetic registry.

Departments do not read the monitor's tables; the demo hands them the same synthetic people
as a file, the way a department holds its own records of the same residents.
"""
import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

COLUMNS = ("resident_id", "name", "gender", "birth_date", "village_code", "household_id", "main_earner")


@dataclass(frozen=True)
class SimPerson:
    resident_id: str
    name: str
    gender: str
    birth_date: date
    village_code: str
    household_id: str
    main_earner: bool


def read_people(path: Path) -> list[SimPerson]:
    """Raises FileNotFoundError, or ValueError naming the row number of a malformed row."""
    people = []
    with open(path, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            try:
                people.append(SimPerson(row["resident_id"], row["name"], row["gender"],
                                        date.fromisoformat(row["birth_date"]), row["village_code"],
                                        row["household_id"], row["main_earner"] == "1"))
            except KeyError as exc:
                raise ValueError(f"{path}: row {n}: no column {exc}; a people file has the columns "
                                 f"{', '.join(COLUMNS)} (make demo writes one: .local/demo/people.csv)") from None
            except ValueError as exc:
                raise ValueError(f"{path}: row {n}: {exc}") from None
    return people


def write_people(path: Path, people) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for p in people:
            w.writerow([p.resident_id, p.name, p.gender, p.birth_date.isoformat(), p.village_code,
                        p.household_id, "1" if p.main_earner else "0"])
            n += 1
    return n
