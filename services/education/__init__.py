"""education department service (see department.py)."""
