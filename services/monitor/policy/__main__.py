"""`python -m services.monitor.policy check FILE`: validate a policy file before deploying it.

Exit code 1 with one 'FILE:LINE: key: message' line per problem; on success the last line is
exactly `policy=VERSION rules=N cited=M local=L`.
"""
import sys
from pathlib import Path

import typer

from services.monitor.policy import PolicyError, parse_policy
from shared.contracts.declaration import catalog_or_exit

cli = typer.Typer(add_completion=False, help="Risk policy tools")


@cli.callback()
def _main() -> None:
    """Risk policy tools."""


@cli.command()
def check(file: Path = typer.Argument(..., help="policy YAML file")) -> None:
    """Validate FILE and count its rules: cited (a document) and local (our choice)."""
    catalog_or_exit("policy check")  # the policy names the catalog's event types: a bad folder stops here
    try:
        policy = parse_policy(file.read_text(encoding="utf-8"), str(file))
    except OSError as exc:
        print(f"{file}: cannot read: {exc.strerror}", file=sys.stderr)
        raise typer.Exit(1) from None
    except PolicyError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise typer.Exit(1) from None
    rules = policy.rules()
    cited = sum(r.source is not None for r in rules)
    print(f"policy={policy.version} rules={len(rules)} cited={cited} local={len(rules) - cited}")


if __name__ == "__main__":
    cli()
