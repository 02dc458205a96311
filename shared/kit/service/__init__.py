"""The department service put together: the FastAPI app with its routers (shared.kit.http), and
what runs beside it in its lifespan (the pool, the outbox relay, the task consumer)."""
