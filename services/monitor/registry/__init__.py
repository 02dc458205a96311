"""The household registry's rows (rows.py) and their PostgreSQL loader (load.py: COPY into
monitor.households / monitor.persons, then the matcher's blocking keys; chunks.py, producer.py,
tables.py and progress.py are its parts).

The registry from the monitoring information system's export (issue 10):
`python -m services.monitor.registry import FILE...` (export_command). Files are read with the
departments' spreadsheet kit (shared/kit/spreadsheet: .xlsx, .csv in UTF-8, UTF-8 with BOM or
GB18030) in a layout of export_mapping.yaml (export_layouts, export_sheets); each row is read into
its fields (export_rows, export_cells), rows are gathered into households (export_gather) and
checked as a whole (export_people, export_households, export_checks, export_region,
export_earner), every problem a line of `<file>.errors.csv` (export_report). Only an export
without a bad row is applied, in one transaction (export_apply): the first load by COPY
(load.copy_into), a re-import as a difference (registry.difference and its difference_* modules).

The synthetic registry generator is offline tooling: `python -m tooling.registry --help`.
"""
