"""`make chaos` (issue 14 part 8): a seeded workload of department events through Kafka, HTTP and a
file import, run twice on the isolated `chaos` environment (deploy/local: three Kafka nodes, its own
PostgreSQL): once without faults (the reference) and once while faults are injected at seeded
moments; every effect of the second run is compared with the first.

Modules, one job each: workload (the events, from the departments' simulators), poison (bad records
of every kind), channels (sending them), staff (department staff working tasks over HTTP), faults
(what is broken and how), progress (drained, and the longest stall), effects (what the run left),
compare (lost and duplicated), phase (one run, as a subprocess with its own topic prefix and
database), __main__ (both runs and the closing line).
"""
