"""Command line of every department service: `python -m services.<department> serve|simulate`."""
import asyncio
from datetime import date
from pathlib import Path

import typer
import uvicorn
from rich.console import Console

from shared import logging as slog
from shared.kit.department import Department
from shared.kit.people import read_people
from shared.kit.service import build_app
from shared.kit.simulate import Noise, simulate
from shared.settings import InfraSettings


def run(dept: Department) -> None:
    cli = typer.Typer(help=f"{dept.name_zh} ({dept.code}) department service", add_completion=False)

    @cli.command()
    def serve(host: str = "127.0.0.1", port: int = typer.Option(dept.http_port, help="HTTP port")) -> None:
        """Run the HTTP API and the task subscriber until SIGTERM."""
        slog.configure(dept.code)
        uvicorn.run(build_app(dept, InfraSettings()), host=host, port=port, log_config=None, access_log=False)

    @cli.command("simulate")
    def simulate_cmd(
        people: Path = typer.Option(..., exists=True, dir_okay=False, help="CSV of synthetic people (shared.kit.people)"),
        month: str = typer.Option("2026-10", help="month to simulate, YYYY-MM"),
        count: int = typer.Option(2000, min=1, help="events to publish"),
        seed: int = typer.Option(1, help="random seed; same seed, same events"),
        unknown_rate: float = typer.Option(Noise.unknown_person, min=0, max=1),
        bad_id_rate: float = typer.Option(Noise.bad_check_character, min=0, max=1),
        malformed_rate: float = typer.Option(Noise.malformed_json, min=0, max=1),
    ) -> None:
        """Publish a month of this department's events (with some deliberately dirty ones)."""
        slog.configure(dept.code, level="WARNING")
        settings = InfraSettings()
        start = date.fromisoformat(month + "-01")
        counts = asyncio.run(simulate(dept, read_people(people), start, count, seed, settings.kafka_bootstrap_servers,
                                      settings.partition_key_secret, Noise(unknown_rate, bad_id_rate, malformed_rate)))
        Console().print(f"{dept.code}: published {sum(counts.values())} events " +
                        " ".join(f"{k}={v}" for k, v in sorted(counts.items())))

    cli()
