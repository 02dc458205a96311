"""农业农村局 agriculture (a test fixture): crop failures and failed industrial projects (产业项目失败)."""
from services.agriculture import contracts as c
from shared.kit.department import Department

DEPARTMENT = Department(code="agriculture", name_zh="农业农村局", http_port=8190, demo_events=400,
                        event_models=(c.ProjectFailed, c.ProjectSupported))
