"""water_resources department service (see department.py)."""
