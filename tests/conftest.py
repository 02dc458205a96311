"""Root test configuration.

TOPIC_PREFIX must be set before anything imports shared.topics: each test session gets its
own topics and consumer groups on whatever broker it uses.
"""
import os
import random

os.environ.setdefault("TOPIC_PREFIX", f"it{random.randrange(10**6):06d}.")
os.environ.setdefault("PARTITION_KEY_SECRET", "test-secret-" + os.urandom(8).hex())
os.environ.setdefault("OPERATOR_TOKENS", "test-operator:" + os.urandom(16).hex())
# Every department's API key, as deploy/local writes them (shared/kit/auth.py).
from shared.contracts.catalog import DEPARTMENTS  # noqa: E402 (after TOPIC_PREFIX, which shared.topics reads)

os.environ.setdefault("DEPARTMENT_API_KEYS", ",".join(f"{d.code}:{os.urandom(16).hex()}" for d in DEPARTMENTS))

# The real running system (Kafka, PostgreSQL, the monitor and the departments): one instance per session
# for tests/integration and tests/browser alike (a second one would share this session's topics).
pytest_plugins = ("tests.integration.fixtures",)
