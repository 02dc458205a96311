"""`python -m services.monitor.registry import FILE...`: the registry from the monitoring
information system's export (export_command.py). The synthetic registry generator that this
command once was is offline tooling: its old options get a hint to go there, and status 2."""
import sys

HINT = ("the synthetic registry generator is offline tooling now: run\n"
        "    python -m tooling.registry --households N --seed S [--database-url URL | --csv DIR]\n"
        "(same options as before); the registry from an export: python -m services.monitor.registry import FILE...\n")


def main(argv: list[str]) -> None:
    if not argv or argv[0] != "import":
        sys.stderr.write(HINT)
        sys.exit(2)
    import typer

    from .export_command import import_export

    app = typer.Typer(add_completion=False)
    app.command("import")(import_export)
    app.command("help", hidden=True)(lambda: None)  # two commands: typer keeps `import` as a sub-command
    app(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
