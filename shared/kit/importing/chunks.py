"""One chunk of an import's rows written in one transaction: the ledger, the outbox, the progress."""
from shared.kit.importing.summary import ImportSummary
from shared.kit.spreadsheet.rows.results import RowError
from shared.kit.store import import_runs, ledger


async def write_chunk(pool, import_id: int, summary: ImportSummary, chunk: list, rows_read: int) -> None:
    """`chunk`: ((sheet, row number), RowEvent, ledger.Outgoing). Counts what was new and what was
    published before; a row whose key was published before with other values is a bad row."""
    async with pool.acquire() as conn, conn.transaction():
        # No wait for the WAL flush: a chunk lost with the server's last unflushed commits is
        # imported again by the next run under the same event IDs, and a copy the relay had
        # already sent is a duplicate to the monitor.
        await conn.execute("SET LOCAL synchronous_commit = off")
        new, conflicts = await ledger.publish(conn, [out for _, _, out in chunk], via="import")
        summary.published += len(new)
        summary.already += len(chunk) - len(new) - len(conflicts)
        await import_runs.import_progress(conn, import_id, rows_read, summary.published, summary.already)
    for (sheet, n), row, out in chunk:
        if out.event_id in conflicts:
            summary.errors.append(RowError(n, "", "", f"an event with the same {row.key_text} was published "
                                                      "before with other values; a changed row cannot be "
                                                      "sent again under the same key", sheet))
        else:
            summary.event_ids.append(out.event_id)
