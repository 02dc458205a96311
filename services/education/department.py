"""教育 education: dropout control (控辍保学) flags and returns to school.
Events: contracts.py; simulator: simulator.py; file layouts: import_mapping.yaml."""
from services.education import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="education", name_zh="教育局", http_port=8103, demo_events=1500,
                        event_models=(c.DropoutFlagged, c.ReturnedToSchool))
