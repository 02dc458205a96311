"""civil_affairs department service (see department.py)."""
