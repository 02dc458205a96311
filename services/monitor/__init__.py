"""The relapse monitor (防止返贫动态监测), in four layers that import downwards only:

- entry points: the consume loop (consumer, isolation; unreadable for records the Kafka client
  cannot decode, found by shared.kafka_raw), the HTTP API (api, routes_*, api_deps, api_answers, operator_auth, operator_scope, operator_roles) and the operators' dashboard (dashboard/, its forms' use cases in dashboard_actions, its reads in dashboard_reads),
  the scheduler loop, `python -m services.monitor` (__main__, shutdown, settings, metrics, gc_tuning), `python -m services.monitor.migrate`, `python -m services.monitor.deadletters` and
  `python -m services.monitor.audit` (the audit chain's check);
- use cases: process a batch (batch, linked, task_status, unmatched_hold), review, lifecycle
  transitions, self-reports, the scheduled passes (overdue, follow_up, retention) and the
  dead-letter re-drive (redrive; its command is the entry point deadletters, its
  producer kafka_resender), written against the
  small protocol in `ports` where they run inside a batch;
- persistence: one db_* module per table (db_timeline, db_dashboard (and its db_dashboard_queues) and db_system only read; db_scope: the county filter they share; db_audit: the audit log its triggers write), `store.PgStore` implementing
  `ports.BatchStore` on PostgreSQL, the registry loader and the registry difference (registry/
  difference*.py: a newer export applied; its few rules, which kind each difference is and what follows
  a moved member, are pure modules of its own, difference_kinds and difference_carry); SQL only, no other decisions;
- domain: pure functions and types (records, decode, dedup, linking, assessing, factor_state,
  member_state, registry_updates, task_planning, outcomes, lifecycle, rules, policy, matching,
  dead_letter_kinds, review_fields ...):
  state and events in, factor changes, registry updates, alerts, tasks and messages out. Its modules
  import no database, broker or web library (the matcher's blocking queries take a connection handed
  to it, tests/unit/test_monitor_layers.py).

LAYERS names every module's layer, lowest first; the test fails on an upward import or a module
missing here.
"""
LAYERS: dict[str, tuple[str, ...]] = {
    "domain": ("records", "decode", "dedup", "linking", "unmatched", "held", "household_events", "assessing",
               "announcements",
               "factor_state", "member_state", "registry_updates", "task_planning", "task_reports", "outcomes",
               "lifecycle", "verification", "review_fields",
               "messages", "local_time", "rules", "policy", "matching", "dead_letter_kinds"),
    "persistence": ("db_processed", "db_dead_letters", "db_registry", "db_members", "db_household_events",
                    "db_factors", "db_alerts", "db_assessments", "db_tasks", "db_transitions", "db_unmatched",
                    "db_timeline", "db_dashboard", "db_dashboard_queues", "db_redrives", "db_system", "db_scope", "db_audit", "store",
                    "registry"),
    "usecases": ("ports", "batch", "batch_result", "linked", "task_status", "unmatched_hold", "review",
                 "transitions", "self_reports", "overdue", "follow_up", "redrive", "retention"),
    "entry": ("__main__", "api", "api_deps", "api_answers", "operator_auth", "operator_scope", "operator_roles", "routes_alerts", "routes_households", "routes_review",
              "routes_self_reports", "consumer", "isolation", "unreadable",
              "scheduler", "shutdown", "settings", "metrics", "migrate", "gc_tuning", "deadletters", "audit", "kafka_resender", "dashboard", "dashboard_actions",
              "dashboard_reads"),
}
