"""The operator command line: `python -m relapse --help` (issue 13 part 3). Commands read Kafka
(watch, lag, replay), call the monitor's operator API (alerts, review) or its database
(deadletters). Settings from the environment, else the local launcher's .local/env; flags win."""
