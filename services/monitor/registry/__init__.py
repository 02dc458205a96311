"""The household registry's rows (rows.py) and their PostgreSQL loader (load.py: COPY into
monitor.households / monitor.persons, then the matcher's blocking keys; chunks.py, producer.py,
tables.py and progress.py are its parts).

The synthetic registry generator is offline tooling: `python -m tooling.registry --help`.
"""
