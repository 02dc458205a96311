"""民政 civil affairs: rural subsistence allowance (农村低保) granted and ended.
Its simulator: tooling/simulate/departments/civil_affairs.py."""
from shared.kit.department import Department

DEPARTMENT = Department(code="civil_affairs", name_zh="民政局", http_port=8101)
