"""Fault injection for tests: a TCP proxy that can cut or freeze a connection to a real server."""
