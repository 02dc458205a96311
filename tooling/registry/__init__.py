"""Synthetic household registry of Kashgar prefecture (deterministic with a seed).

`generate.generate()` yields households with their persons; `load.load_synthetic_registry()`
hands them to the monitor's COPY loader (services.monitor.registry.load). Run
`python -m tooling.registry --help` for the command line.
"""
