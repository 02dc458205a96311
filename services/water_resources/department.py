"""水利 water resources: drinking water safety (饮水安全), supply interruptions and water tests.
Events: contracts.py; simulator: simulator.py; file layouts: import_mapping.yaml."""
from services.water_resources import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="water_resources", name_zh="水利局", http_port=8106, demo_events=800,
                        event_models=(c.WaterSupplyInterrupted, c.WaterSupplyRestored, c.WaterQualityTested))
