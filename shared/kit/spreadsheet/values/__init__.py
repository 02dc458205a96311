"""Cell values as people type them in department spreadsheets: dates, amounts in yuan, whole
numbers, text and resident IDs. Each parser returns the canonical value or raises CellError with
a reason a department clerk can act on (it goes into the import's error report)."""
