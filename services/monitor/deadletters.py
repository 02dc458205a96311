"""`python -m services.monitor.deadletters`: the operator's dead-letter command, a thin shell over
the re-drive use case (services/monitor/redrive.py).

    list [--reason R] [--limit N]          counts by reason (waiting, re-driven), then the waiting rows
    redrive (--id ID ... | --reason R) --operator NAME [--dry-run]
                                           re-send the originals to their source topics, audited

DATABASE_URL and (for redrive) KAFKA_BOOTSTRAP_SERVERS from the environment. Rows show where a
record came from and why it was refused, never its bytes (they name people). The last line of
redrive is `redriven=N skipped=S redrive_id=ID|none dry_run=true|false`. Exit status: 0 done
(also when some were skipped, each named with why), 2 refused (no selection, no operator, settings).
"""
from __future__ import annotations

import asyncio
from typing import Annotated, Optional

import asyncpg
import typer

from services.monitor.kafka_resender import KafkaResender
from services.monitor.redrive import RedriveReport, Selection, redrive, summary
from shared.outbox import idempotent_producer
from shared.settings import DatabaseSettings, KafkaSettings, load_or_exit
from shared.kafka_security import client_options

app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


@app.command("list")
def list_dead_letters(
    reason: Annotated[Optional[str], typer.Option(help="only the rows of this reason (exactly as listed)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="rows shown at most")] = 100,
) -> None:
    """Dead letters by reason, then the waiting ones (oldest first)."""
    counts, rows = asyncio.run(_with_pool(lambda pool: summary(pool, reason, limit)))
    typer.echo("waiting  redriven  reason")
    for c in counts:
        typer.echo(f"{c['waiting']:>7}  {c['redriven']:>8}  {c['reason']}")
    typer.echo("")
    typer.echo("id  received_at  source_topic[partition]@offset  reason")
    for r in rows:
        typer.echo(f"{r.id}  {r.received_at.isoformat(timespec='seconds')}  {r.source_topic}[{r.partition}]@{r.offset}"
                   f"  {r.reason}")


@app.command("redrive")
def redrive_dead_letters(
    operator: Annotated[str, typer.Option(help="who re-drives (kept in the audit, monitor.redrives)")],
    ids: Annotated[Optional[list[int]], typer.Option("--id", help="a dead letter's ID (repeatable)")] = None,
    reason: Annotated[Optional[str], typer.Option(help="every waiting dead letter of this reason")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="say what would be sent; send and change nothing")] = False,
) -> None:
    """Send the original records of the chosen dead letters again to their source topics, after a fix."""
    try:
        selection = Selection(tuple(ids or ()), reason)
        if not operator.strip():
            raise ValueError("--operator must name who re-drives")
    except ValueError as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(2) from None
    report = asyncio.run(_with_pool(lambda pool: _redrive(pool, selection, operator, dry_run)))
    for dead_letter_id, why in sorted(report.skipped.items()):
        typer.echo(f"skipped {dead_letter_id}: {why}")
    typer.echo(f"{'would re-drive' if dry_run else 're-driven'}: {' '.join(map(str, report.sent)) or 'none'}")
    typer.echo(f"redriven={len(report.sent)} skipped={len(report.skipped)} redrive_id={report.redrive_id or 'none'} "
               f"dry_run={str(dry_run).lower()}")


async def _redrive(pool: asyncpg.Pool, selection: Selection, operator: str, dry_run: bool) -> RedriveReport:
    if dry_run:
        return await redrive(pool, KafkaResender(None), selection, operator, dry_run=True)
    bootstrap = load_or_exit(KafkaSettings, "dead-letter re-drive").kafka_bootstrap_servers
    producer = idempotent_producer(client_options(bootstrap))
    await producer.start()
    try:
        return await redrive(pool, KafkaResender(producer), selection, operator)
    finally:
        await producer.stop()


async def _with_pool(work):
    pool = await asyncpg.create_pool(load_or_exit(DatabaseSettings, "dead-letter command").database_url,
                                     min_size=1, max_size=2)
    try:
        return await work(pool)
    finally:
        await pool.close()


if __name__ == "__main__":
    app()
