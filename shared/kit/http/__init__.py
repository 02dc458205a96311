"""The department service's HTTP API: routers whose handlers take their dependencies (the store,
the department, the key secret, the API keys) from `dependencies`, so that they can be tested
with fakes through FastAPI's dependency_overrides."""
