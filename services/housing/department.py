"""住建 housing: housing safety appraisals (房屋安全鉴定 A/B/C/D).
Its simulator: tooling/simulate/departments/housing.py."""
from shared.kit.department import Department

DEPARTMENT = Department(code="housing", name_zh="住建局", http_port=8105)
