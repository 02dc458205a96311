"""housing department service (see department.py)."""
