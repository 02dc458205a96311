"""A department's spreadsheet layouts, read from its `import_mapping.yaml`: which Chinese headers
hold which contract field, what people type for coded values, which date is the event's business
time and which columns identify a row's event. A new layout is an edit of that file, not code.

Column types are not written in the file: they follow from the contract field a column fills
(a Yuan field is read as an amount, a date field as a date), so the file cannot contradict the
contract.
"""
