"""Synthetic household registry of Kashgar prefecture: generator and PostgreSQL loader.

`generate()` yields households with their persons (deterministic with a seed);
`load.load_registry()` copies them into monitor.households / monitor.persons.
Run `python -m services.monitor.registry --help` for the command line.
"""
