"""住建 housing: housing safety appraisals (房屋安全鉴定 A/B/C/D) and renovations.
Events: contracts.py; simulator: simulator.py; file layouts: import_mapping.yaml."""
from services.housing import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="housing", name_zh="住建局", http_port=8105, demo_events=2500,
                        event_models=(c.HousingSafetyAppraised, c.HousingRenovated))
