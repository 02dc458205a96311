"""`serve`: the department's HTTP API and task consumer (shared.kit.service) until SIGTERM."""
import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console

from shared import logging as slog
from shared.kit.auth import parse_keys
from shared.kit.cli.summary import console
from shared.kit.department import Department
from shared.kit.service.app import build_app
from shared.kit.settings import DepartmentSettings
from shared.settings import load_or_exit


def add_serve(cli: typer.Typer, dept: Department) -> None:
    @cli.command()
    def serve(host: str = "127.0.0.1", port: int = typer.Option(dept.http_port, help="HTTP port")) -> None:
        """Run the HTTP API and the task consumer until SIGTERM."""
        slog.configure(dept.code)
        settings = load_or_exit(DepartmentSettings, f"{dept.code} service")  # before the port opens
        try:
            app = build_app(dept, settings, parse_keys(settings.department_api_keys))
        except (ValidationError, ValueError) as exc:  # e.g. no key for this department
            console.print(f"[red]cannot start:[/red] {exc}")
            raise typer.Exit(2) from None
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)

    @cli.command("simulate", hidden=True,
                 context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def simulate_moved() -> None:
        """Moved to the offline tooling: says where."""
        Console(stderr=True).print(f"[red]the simulator is offline tooling now:[/red] run "
                                   f"`python -m tooling.simulate {dept.code} --people FILE ...` (same options)")
        raise typer.Exit(2)
