import logging

from relapse.settings import load_local_env

load_local_env()  # before shared.topics reads TOPIC_PREFIX and the dead-letter command DATABASE_URL

from relapse.cli import app  # noqa: E402

# aiokafka and asyncio log their own lines for an unreachable broker; the command says it once.
for noisy in ("aiokafka", "asyncio"):
    logging.getLogger(noisy).setLevel(logging.CRITICAL)
app(prog_name="python -m relapse")
