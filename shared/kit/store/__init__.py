"""A department's own tables, in its schema: the ledger of accepted events (shared by HTTP posts
and file imports), import runs, idempotency keys and tasks. Statements name the tables
unqualified: the connection's pool has the department's schema as its search_path
(shared.db.create_pool). The functions take a connection and leave the transaction to the
caller; `postgres.PostgresStore` is the store the HTTP API and the task subscriber use."""
