"""Common package of the relapse-monitoring services: event contracts, the department kit, logging."""
