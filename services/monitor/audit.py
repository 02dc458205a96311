"""`python -m services.monitor.audit verify`: check the audit log's hash chain (migration 016) and
name the first row that breaks it.

Each sealed row's row_hash is sha256 of its canonical text (seq, time, entity, action, actor, rows,
payload and the previous row's hash); the chain holds when the seqs run 1, 2, 3 ... without a gap,
each prev_hash is the row before's row_hash and each row_hash is the hash of the row as it is now.
Exit status 0 when the chain holds, 1 at the first break (printed with its seq and why), 2 for a
missing DATABASE_URL.
"""
import asyncio
import hashlib
import sys
from dataclasses import dataclass

import asyncpg
import typer

from services.monitor import db_audit
from shared.settings import DatabaseSettings, load_or_exit

GENESIS = "0" * 64
PAGE = 10_000


@dataclass(frozen=True)
class ChainCheck:
    """rows: sealed rows checked; broken_at: seq of the first row that breaks the chain (None: holds); why."""

    rows: int
    broken_at: int | None = None
    why: str = ""


def row_hash(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def verify(conn: asyncpg.Connection) -> ChainCheck:
    """Walk the chain from seq 1; stops at the first row that breaks it."""
    expected_seq, prev, rows = 1, GENESIS, 0
    while page := await db_audit.chain(conn, expected_seq - 1, PAGE):
        for row in page:
            if row["seq"] != expected_seq:
                return ChainCheck(rows, expected_seq, f"row {expected_seq} is missing (next is {row['seq']})")
            if row["prev_hash"] != prev:
                return ChainCheck(rows, row["seq"], "its prev_hash is not the previous row's hash "
                                                    "(a row before it was changed, removed or reordered)")
            if row_hash(row["canonical"]) != row["row_hash"]:
                return ChainCheck(rows, row["seq"], f"its content does not match its hash ({row['entity']} "
                                                    f"{row['action']} by {row['actor']} was changed)")
            prev, expected_seq, rows = row["row_hash"], expected_seq + 1, rows + 1
    head = await conn.fetchrow("SELECT seq, row_hash FROM monitor.audit_head")
    if head is not None and (head["seq"], head["row_hash"]) != (rows, prev):
        return ChainCheck(rows, rows + 1, f"the chain head says {head['seq']} rows; rows after {rows} were removed")
    if (loose := await db_audit.unsealed(conn)) > 0:
        return ChainCheck(rows, rows + 1, f"{loose} rows were written without a seal (the seal trigger was bypassed)")
    return ChainCheck(rows)


app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


@app.command("verify")
def verify_command() -> None:
    """Check the audit log's hash chain; exit status 1 at the first break."""
    dsn = load_or_exit(DatabaseSettings, "audit check").database_url

    async def run() -> ChainCheck:
        conn = await asyncpg.connect(dsn)
        try:
            return await verify(conn)
        finally:
            await conn.close()

    check = asyncio.run(run())
    if check.broken_at is None:
        typer.echo(f"audit chain holds: {check.rows} rows")
        return
    typer.echo(f"audit chain BROKEN at row {check.broken_at}: {check.why} ({check.rows} rows before it hold)",
               err=True)
    raise typer.Exit(1)


@app.callback()
def main() -> None:
    """The monitor's audit log."""


if __name__ == "__main__":
    sys.exit(app())
