"""The use cases behind the dashboard's forms (services/monitor/dashboard/ports.py MonitorActions):
each calls what the operator API's route calls and turns the use case's refusal into ActionRefused,
so a page shows the same reason the API answers."""
