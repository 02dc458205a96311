"""Import of a department's spreadsheet: every good row becomes a canonical event in the
department's outbox, every bad row a line of the error report written beside the file.

Rows reach the database in chunks, each chunk in one transaction with the ledger of accepted
events and the run's progress, written while the next chunk is read. Each row's event ID comes
from its natural key, so running the same file again (or a re-export, or a run killed half-way)
publishes only what is missing. Cell values never reach a log line: the report is for the
department's own staff.
"""
