"""The main job: `python -m deploy.demo` (what `make demo` runs; __main__.py).

Starts Kafka and PostgreSQL (deploy/local), loads the synthetic registry at the seed's scale
(registry.py), starts the monitor and every department service of the catalog, replays a month
of each department's events through Kafka (replay.py), waits until the monitor has processed
all of them (drain.py), lets department staff work some tasks (staff.py) and prints a summary.
The services keep running afterwards; `make down` stops everything.
"""
from rich.console import Console

# Wide enough for the summary tables when the output goes to a file or a CI log.
console = Console(width=None if Console().is_terminal else 120)
