"""教育 education: dropout control (控辍保学) flags and returns to school.
Its simulator: tooling/simulate/departments/education.py."""
from shared.kit.department import Department

DEPARTMENT = Department(code="education", name_zh="教育局", http_port=8103)
