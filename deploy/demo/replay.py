"""A month of department events: every simulated department of the catalog publishes its
`demo_events` (times the scale) through Kafka, and health insurance also sends a spreadsheet."""
import asyncio
from collections import Counter
from datetime import date

from deploy.demo import console
from deploy.local.paths import LOCAL
from shared.contracts.catalog import department
from shared.kit.cli.summary import print_summary
from shared.kit.importing.job import run_import
from shared.settings import InfraSettings
from tooling.simulate.departments import SIMULATED
from tooling.simulate.monthly_file import write_month_file
from tooling.simulate.noise import Noise
from tooling.simulate.people import SimPerson
from tooling.simulate.publish import simulate

FILE_DEPARTMENT = "health_insurance"  # sends its month as a spreadsheet besides its Kafka events
FILE_ROWS = 2000


def demo_counts(scale: float) -> dict[str, int]:
    """Events to publish per department: its declared monthly volume times `scale`, at least one."""
    return {code: max(1, int(department(code).demo_events * scale)) for code in SIMULATED}


async def replay(env: dict, people: list[SimPerson], month: str, scale: float, seed: int) -> Counter:
    start, counts = date.fromisoformat(month + "-01"), demo_counts(scale)
    results = await asyncio.gather(*(
        simulate(department(code), people, start, n, seed, env["KAFKA_BOOTSTRAP_SERVERS"],
                 env["PARTITION_KEY_SECRET"], Noise(), progress=False) for code, n in counts.items()))
    for code, sent in zip(counts, results):
        console.print(f"  {code}: published {sum(sent.values()):,} " + " ".join(f"{k}={v}" for k, v in sorted(sent.items())))
    return sum(results, Counter())


async def import_month_file(env: dict, people: list[SimPerson], month: str, scale: float, seed: int) -> int:
    """Health insurance sends its month as a spreadsheet, the way most departments share data:
    written in its own layout (with 1% bad rows) and imported like `python -m services.health_insurance
    import FILE`; returns the events published."""
    dept = department(FILE_DEPARTMENT)
    path = LOCAL / "demo" / f"{dept.code}-{month}-{seed}.xlsx"
    written = write_month_file(dept, people, date.fromisoformat(month + "-01"), max(1, int(FILE_ROWS * scale)), seed,
                               path, bad_rate=0.01)
    settings = InfraSettings(kafka_bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"], database_url=env["DATABASE_URL"],
                             partition_key_secret=env["PARTITION_KEY_SECRET"])
    imported = await run_import(dept, path, settings)
    print_summary(dept, imported, console)
    console.print(f"  ({len(written.bad_rows)} rows were written bad on purpose: "
                  + " ".join(f"{k}={v}" for k, v in sorted(written.defects.items())) + ")")
    return imported.published
