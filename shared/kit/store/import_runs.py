"""Import runs: which file, how far each run got, so that a run of a file whose last run never
finished can say so."""
import asyncpg


async def start_import(conn: asyncpg.Connection, file_name: str, file_sha256: bytes,
                       layout: str) -> tuple[int, asyncpg.Record | None]:
    """A new run; also returns the last run of the same file that never finished, if any."""
    unfinished = await conn.fetchrow(
        "SELECT import_id, started_at, rows_read, finished_at FROM imports WHERE file_sha256 = $1 "
        "ORDER BY import_id DESC LIMIT 1", file_sha256)
    import_id = await conn.fetchval(
        "INSERT INTO imports (file_name, file_sha256, layout) VALUES ($1, $2, $3) RETURNING import_id",
        file_name, file_sha256, layout)
    if unfinished is None or unfinished["finished_at"] is not None or unfinished["rows_read"] == 0:
        unfinished = None
    return import_id, unfinished


async def import_progress(conn: asyncpg.Connection, import_id: int, rows_read: int, published: int,
                          already: int) -> None:
    await conn.execute("UPDATE imports SET rows_read = $2, published = $3, already = $4 "
                       "WHERE import_id = $1", import_id, rows_read, published, already)


async def finish_import(conn: asyncpg.Connection, import_id: int, bad_rows: int) -> None:
    await conn.execute("UPDATE imports SET finished_at = now(), bad_rows = $2 WHERE import_id = $1",
                       import_id, bad_rows)
