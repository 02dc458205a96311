"""emergency_management department service (see department.py)."""
