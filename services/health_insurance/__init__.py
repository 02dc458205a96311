"""health_insurance department service (see department.py)."""
