"""agriculture department service (see department.py)."""
