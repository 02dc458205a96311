"""医保 health insurance: settled hospital bills and lapsed insurance.
Events: contracts.py; simulator: simulator.py; file layouts: import_mapping.yaml."""
from services.health_insurance import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="health_insurance", name_zh="医保局", http_port=8102, demo_events=4000,
                        event_models=(c.HospitalBillSettled, c.InsuranceLapsed))
