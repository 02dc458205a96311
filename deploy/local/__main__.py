"""`python -m deploy.local [--env NAME] [--nodes 1|3] [--durable] [--prometheus] up|down|status`: real Kafka and
PostgreSQL on 127.0.0.1, no Docker; with --prometheus, `up` starts Prometheus too (deploy/local/prometheus.py).

Without --env (or DEPLOY_LOCAL_ENV) it acts on the default dev environment (.local/, Kafka 19092,
PostgreSQL 55432); `--env chaos` on an isolated second one (deploy/local/environment.py has the ports).
PostgreSQL runs durable unless PG_FAST=1 (tests only); --durable ignores PG_FAST and restarts a
server a test run left fast.
"""
import argparse
import sys

from deploy.local.control import Local
from deploy.local.environment import DEFAULT, current, named
from deploy.local.process import LaunchError

_DEFAULT = Local(DEFAULT)


def up(fast: bool | None = False) -> dict[str, str]:
    """The default environment, durable unless fast=True (the demo's and benchmarks' call)."""
    return _DEFAULT.up(fast=fast)


def down() -> None:
    _DEFAULT.down()


def status() -> int:
    return _DEFAULT.status()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.local", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="up", choices=["up", "down", "status"])
    parser.add_argument("--env", help="environment name (default: DEPLOY_LOCAL_ENV or the dev environment)")
    parser.add_argument("--nodes", type=int, choices=[1, 3], help="Kafka nodes of a named environment (default 3)")
    parser.add_argument("--durable", action="store_true", help="PostgreSQL durable even if PG_FAST=1")
    parser.add_argument("--prometheus", action="store_true",
                        help="up: also start Prometheus on 127.0.0.1:9090 (+ the environment's offset)")
    args = parser.parse_args(argv[1:])
    try:
        local = Local(named(args.env, args.nodes) if args.env else current())
        if args.command == "up":
            local.up(fast=False if args.durable else None)
            if args.prometheus:
                print(f"prometheus: {local.prometheus.start()} (log {local.prometheus.log})")
        elif args.command == "down":
            local.down()
        else:
            return local.status()
    except LaunchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
