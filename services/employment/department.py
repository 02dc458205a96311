"""人社 employment: jobs lost and started.
Events: contracts.py; simulator: simulator.py; file layouts: import_mapping.yaml."""
from services.employment import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="employment", name_zh="人社局", http_port=8104, demo_events=3000,
                        event_models=(c.JobLost, c.JobStarted))
