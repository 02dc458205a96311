"""Assistance tasks a department receives from the monitor, and its staff's decisions on them."""
