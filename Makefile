# The two commands of the README: `make demo` (main job) and `make test` (tests).
PY := .venv/bin/python

.PHONY: install up demo test unit screenshots vendor chaos mutation bench bench-batch bench-ceiling bench-import bench-registry bench-difference bench-matching asyncapi compose compose-secrets down status logs

install:
	@bash deploy/install.sh

# Kafka + PostgreSQL of the dev environment; PostgreSQL durable (a server a test run left with fsync=off is
# restarted durable). A second, isolated environment: `$(PY) -m deploy.local --env chaos up` (deploy/local).
up: install
	$(PY) -m deploy.local up --durable

demo: install
	$(PY) -m deploy.demo

# Unit and integration tests; integration tests use a real Kafka and PostgreSQL
# (KAFKA_BOOTSTRAP_SERVERS/DATABASE_URL if set, else testcontainers, else deploy/local).
test: install
	$(PY) -m pytest -q

unit: install
	$(PY) -m pytest -q -m unit

# PNGs of each dashboard page (sign-in, overview, live, alerts, household) from the browser tests against the real
# system (tests/browser), for a person to look at.
screenshots: install
	mkdir -p .local/screenshots
	SCREENSHOTS_DIR=$(CURDIR)/.local/screenshots $(PY) -m pytest -q tests/browser
	@ls -1 .local/screenshots/*.png

# Re-fetch the dashboard's vendored htmx and ECharts from the npm registry (pinned versions and sha256,
# deploy/vendor_assets.py); the files are committed, so only to change a version.
vendor:
	$(PY) -m deploy.vendor_assets

# Mutation check (issue 14 part 9): mutmut on the guarantee modules ([tool.mutmut] in pyproject.toml)
# against the unit suite; lists the surviving mutants, last line `mutants=N killed=K survived=S ...`.
mutation: install
	.venv/bin/pip install -q -e '.[test,mutation]'
	rm -rf mutants && mkdir -p .local
	.venv/bin/mutmut run --max-children 2 > .local/mutmut.log 2>&1 || { tail -n 40 .local/mutmut.log; exit 1; }
	$(PY) -m deploy.chaos.mutation

# Chaos run (issue 14 part 8, not in CI): >= 20,000 department events through Kafka, HTTP and a file
# import on the isolated `chaos` environment (3 Kafka nodes, own PostgreSQL), once without and once
# with faults; the last line is `events=N faults=K lost=L duplicated=D stalled_s=S deadletters=X
# expected_deadletters=Y`. Then the mutation check.
chaos: install
	$(PY) -m deploy.chaos --events 20000; status=$$?; $(MAKE) mutation; exit $$status

# Prefecture-scale speed (issue 12, not in CI; about 20 minutes): the registry of 4.5 million persons loaded from an
# export beside PostgreSQL's COPY, the broker's and PostgreSQL's ceilings on 100,000 department events, the monitor end
# to end with one and two instances, latency at 1,000 events/s for 60 s, peak memory. The last line is
# `monitor_eps=N ceiling_eps=C ratio=R p99_ms=L registry_load_s=T copy_s=S rss_mb=M two_instances_eps=N2`.
# Smaller: make bench BENCH_ARGS="--persons 300000 --events 20000 --latency-s 20".
bench: up
	$(PY) -m benchmarks.bench_monitor $(BENCH_ARGS)

# The monitor's batch use case alone (no Kafka): process_batch against the local PostgreSQL, per batch size.
bench-batch: up
	$(PY) -m benchmarks.bench_pipeline --database-url postgresql://postgres@127.0.0.1:55432/relapse_bench

# The broker's ceiling on the department topics (issue 12, not in CI): bare consumer, JSON, the monitor's decoding.
bench-ceiling: up
	$(PY) -m benchmarks.bench_ceiling

# File import end to end (not in CI): a generated 100,000-row .xlsx with 1% bad rows into Kafka.
# The last line is `rows=N rows_per_s=R errors_reported=E`. Own database and topics; a demo keeps running.
bench-import: up
	$(PY) -m benchmarks.bench_import

# Registry first load from an export (issue 10, not in CI): 4.5 million persons written once as a CSV
# export, imported by `python -m services.monitor.registry import`, beside PostgreSQL's bare COPY +
# the same keys, indexes and match keys by SQL (both durable; the server's fsync is printed). The last
# line is `persons=P ours_s=A postgres_s=B ratio=R`. Own databases.
bench-registry: up
	$(PY) -m benchmarks.bench_registry

# Re-import of a changed export as a difference (issue 10, not in CI): the full synthetic registry in its own
# database relapse_difference (loaded on the first run), about 1% of households changed, applied and rolled back.
bench-difference: up
	$(PY) -m benchmarks.bench_difference --database-url postgresql://postgres@127.0.0.1:55432/relapse_difference

# Identity matching (issue 3, not in CI): exact ID, ours and splink on one noisy labelled set drawn
# from the full registry, plus FEBRL4. Own database relapse_matching (loaded on first run, ~1 min).
# Before it, on its own line: `hardcase_records=N hardcase_wrong=W hardcase_review=R` (relatives, issue 15).
# The last line is `ours_precision=P ours_recall=R ours_f1=F splink_f1=G febrl4_f1=H rps=N`.
bench-matching: up
	.venv/bin/pip install -q -e '.[test,bench]'
	$(PY) -m benchmarks.bench_matching --database-url postgresql://postgres@127.0.0.1:55432/relapse_matching

# The published contract (AsyncAPI 3.0, generated by FastStream from shared/contracts).
asyncapi: install
	TOPIC_PREFIX= $(PY) -m shared.asyncapi > docs/asyncapi.yaml

# docker-compose.yml, one service per department folder (services/*/department.py).
compose: install
	$(PY) -m deploy.compose

# The installation's Kafka passwords, TLS certificates and each service's own login, in .compose/ (docker compose reads them).
compose-secrets: install
	$(PY) -m deploy.compose_secrets

# Services (their supervisors first, so nothing restarts them), Kafka, PostgreSQL.
down:
	@$(PY) -m deploy.local down

status:
	@$(PY) -m deploy.local status || true  # exit status 1 means something is down; the table says what

logs:
	@tail -n 20 .local/logs/*.log
