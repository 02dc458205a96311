"""The data rows of one sheet read into the run: events, bad rows, warnings and skipped rows."""
import asyncio
from dataclasses import replace
from itertools import chain

from shared.kit.department import Department
from shared.kit.importing.run import ImportRun
from shared.kit.spreadsheet.files.table import Table
from shared.kit.spreadsheet.header.located import Located
from shared.kit.spreadsheet.rows.reader import RowReader
from shared.kit.spreadsheet.rows.results import RowError, Skipped


async def read_sheet(dept: Department, table: Table, located: Located, run: ImportRun, on_progress) -> None:
    summary, sheet = run.summary, table.sheet or ""
    reader = RowReader(dept.code, dept.source, located.layout, located.positions, located.headers)
    for n, cells in chain(located.rest, table.rows):
        result = reader.read(n, cells)
        if result is None:
            continue
        if isinstance(result, Skipped):
            summary.skipped.append(RowError(n, "", result.value, result.reason, sheet))
            continue
        summary.rows += 1
        if isinstance(result, list):
            summary.errors.extend([replace(e, sheet=sheet) for e in result] if sheet else result)
        else:
            if result.warning is not None:
                summary.warnings.append(replace(result.warning, sheet=sheet))
            run.add(result, sheet)
        if len(run.chunk) >= run.chunk_rows:
            await run.cut()
        elif summary.rows % 250 == 0:
            await asyncio.sleep(0)  # lets the chunk in flight take its next step
        if on_progress and summary.rows % 1000 == 0:
            on_progress(n, table.total)
    summary.cut_ids += [(sheet, n) for n in reader.cut_ids]
