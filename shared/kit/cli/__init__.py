"""Command line of every department service:
`python -m services.<department> serve | import FILE`. (The simulator that writes a month of
synthetic events is offline tooling: `python -m tooling.simulate <department> ...`.)"""
from shared.settings import TopicSettings, load_or_exit

# shared.topics reads TOPIC_PREFIX when it is imported (by the imports below, which therefore come
# after this): a bad one stops here, with its name.
load_or_exit(TopicSettings, "department service")

import typer  # noqa: E402

from shared.kit.cli.import_command import add_import  # noqa: E402
from shared.kit.cli.serve import add_serve  # noqa: E402
from shared.contracts.declaration import catalog_or_exit  # noqa: E402
from shared.kit.department import Department  # noqa: E402


def run(dept: Department) -> None:
    """Parse the command line and run `dept`'s command; exit 2 first when the catalog of
    departments (this folder among them) is not valid."""
    catalog_or_exit(f"{dept.code} service").department(dept.code)
    cli = typer.Typer(help=f"{dept.name_zh} ({dept.code}) department service", add_completion=False)
    add_serve(cli, dept)
    add_import(cli, dept)
    cli()
