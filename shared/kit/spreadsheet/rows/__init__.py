"""One spreadsheet row -> one canonical event, or the reasons it cannot be one.

The event is a pure function of the row's values: its ID is a UUIDv5 of the department, the
event type and the row's natural key (mapping `key`), and its time is noon Asia/Shanghai of the
business date, so the same row in any later import or re-export gives byte-identical content.
"""
