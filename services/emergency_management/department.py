"""应急管理 emergency management: households' losses from natural disasters and sudden events
(自然灾害、突发事件) as assessed, and relief delivered.
Events: contracts.py; simulator: simulator.py; file layouts: import_mapping.yaml."""
from services.emergency_management import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="emergency_management", name_zh="应急管理局", http_port=8107, demo_events=600,
                        event_models=(c.DisasterLossAssessed, c.DisasterReliefDelivered))
