"""人社 employment: jobs lost and started.
Its simulator: tooling/simulate/departments/employment.py."""
from shared.kit.department import Department

DEPARTMENT = Department(code="employment", name_zh="人社局", http_port=8104)
