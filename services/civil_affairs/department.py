"""民政 civil affairs: rural subsistence allowance (农村低保) granted and ended, extreme-poverty support,
deaths and disabilities registered.
Events: contracts.py; simulator: simulator.py; file layouts: import_mapping.yaml."""
from services.civil_affairs import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="civil_affairs", name_zh="民政局", http_port=8101, demo_events=2000,
                        event_models=(c.SubsistenceAllowanceEnded, c.SubsistenceAllowanceGranted, c.ExtremePovertySupportGranted,
                                      c.DeathRegistered, c.DisabilityRegistered))
