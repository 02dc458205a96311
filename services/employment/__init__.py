"""employment department service (see department.py)."""
