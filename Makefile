# The two commands of the README: `make demo` (main job) and `make test` (tests).
PY := .venv/bin/python

.PHONY: install up demo test unit bench down status logs

install:
	@bash deploy/install.sh

up: install
	$(PY) -m deploy.local up

demo: install
	$(PY) -m deploy.demo

# Unit and integration tests; integration tests use a real Kafka and PostgreSQL
# (KAFKA_BOOTSTRAP_SERVERS/DATABASE_URL if set, else testcontainers, else deploy/local).
test: install
	$(PY) -m pytest -q

unit: install
	$(PY) -m pytest -q -m unit

# On-demand benchmarks (not in CI): the monitor pipeline against the local PostgreSQL.
bench: up
	$(PY) -m benchmarks.bench_pipeline --database-url postgresql://postgres@127.0.0.1:55432/relapse_bench

down:
	@$(PY) -c 'from deploy.local.services import stop_all; print("services stopped:", ", ".join(stop_all()) or "none running")'
	@$(PY) -m deploy.local down

status:
	-@$(PY) -m deploy.local status

logs:
	@tail -n 20 .local/logs/*.log
