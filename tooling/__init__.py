"""Offline tooling: synthetic data and measurements, never run by a service.

- `tooling.registry`: the synthetic household registry of Kashgar (generator, name lists,
  geography) and its command, which feeds the monitor's COPY loader;
- `tooling.matching`: labelled files with noise, fitting and evaluating the matcher's model,
  the hard-case set of relatives;
- `tooling.simulate`: the department simulators (events to Kafka, monthly spreadsheets).

Production code (services/, shared/, deploy/local/) never imports this package
(tests/unit/test_package_boundaries.py); tooling imports production code, one way only.
"""
