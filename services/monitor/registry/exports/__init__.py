"""The registry from the monitoring information system's export files (issue 10):
`python -m services.monitor.registry import FILE...`.

Files are read with the departments' spreadsheet kit (shared/kit/spreadsheet: .xlsx, .csv in
UTF-8, UTF-8 with BOM or GB18030), in a layout of export_mapping.yaml (mapping). Each row is read
into its fields (row_fields), rows are gathered into households (gather) and checked as a whole
(people, households, region, earner), every problem a line of the error report (report). Only an
export without a bad row is applied (apply): the first load by COPY (registry.load), a re-import
as a difference (registry.difference), in one transaction either way. command ties the steps.
"""
