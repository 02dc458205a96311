"""Black-box acceptance tests of the issue "relatives, resident IDs, spreadsheets, the region",
written from the issue text and the public entry points only (the normaliser, the contracts,
the importer and its command, match_batch against PostgreSQL, the running system)."""
