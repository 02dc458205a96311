"""Garbage-collector settings of the monitor process (and of the pipeline benchmark, to measure it).

Start-up objects (imports, policy, matching model) live as long as the process: freezing them keeps
the cyclic collector from rescanning them, and young objects are collected less often. A helper's
profile of the pipeline benchmark (session 2) measured GC time 1.1-1.5 s -> 0.2-0.3 s per 20,000
records at batches of 2,000.
"""
import gc

THRESHOLD = (10_000, 20, 100)  # CPython's default is (700, 10, 10)


def tune_gc() -> None:
    """Call once, after start-up and before the first batch."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLD)
