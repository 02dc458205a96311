"""Department spreadsheets: files as rows of cells (files), cell values as people type them
(values), the layouts a department's import_mapping.yaml declares (mapping), the header row
that says which layout a file has (header), and one row read into one event (rows)."""
