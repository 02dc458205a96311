"""医保 health insurance: settled hospital bills and lapsed insurance.
Its simulator: tooling/simulate/departments/health_insurance.py."""
from shared.kit.department import Department

DEPARTMENT = Department(code="health_insurance", name_zh="医保局", http_port=8102)
