"""Finding a file's header row and the layout it belongs to. Exports often carry a title row
or two above the header, so the first rows are searched, not only the first."""
