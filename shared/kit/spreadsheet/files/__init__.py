"""Department files as rows of cells, and back.

.xlsx is read with calamine (Rust): 100,000 rows of ten columns in about a second, where
openpyxl's read-only mode takes about twenty on our machines, more than the whole import's
budget. openpyxl writes the simulator's files. .csv is read in UTF-8, UTF-8 with BOM, UTF-16
(Excel's "Unicode text") or GB18030 (Excel's CSV on Chinese Windows), comma or tab separated.
"""
