"""`python -m deploy.local.kcat ARGS...`: Debian's kcat, logged in as the launcher's operator.

Debian 12's kcat links librdkafka 2.0.2, whose SCRAM login Kafka 4 refuses ("invalid credentials";
fixed in librdkafka 2.6.1, edenhill/kcat#462). This runs the same kcat on the librdkafka that the
pinned confluent-kafka wheel ships (LD_PRELOAD), and adds `-F $KAFKA_KCAT_CONFIG` (the operator's
client file the launcher writes) and `-b $KAFKA_BOOTSTRAP_SERVERS` unless given; both are read from
the environment, else from .local/env.
"""
import os
import shutil
import sys
from pathlib import Path

from deploy.local.paths import ENV_FILE, read_env_file


def librdkafka() -> Path:
    """The librdkafka shipped inside the confluent-kafka wheel. Raises FileNotFoundError."""
    import confluent_kafka

    found = sorted((Path(confluent_kafka.__file__).parents[1] / "confluent_kafka.libs").glob("librdkafka*.so*"))
    if not found:
        raise FileNotFoundError("confluent-kafka's librdkafka not found (make install)")
    return found[0]


def command(args: list[str], env: dict[str, str]) -> list[str]:
    """kcat's argument list: `args` with -F and -b added from `env` when not given."""
    extra = []
    if "-F" not in args and env.get("KAFKA_KCAT_CONFIG"):
        extra += ["-F", env["KAFKA_KCAT_CONFIG"]]
    if "-b" not in args and env.get("KAFKA_BOOTSTRAP_SERVERS"):
        extra += ["-b", env["KAFKA_BOOTSTRAP_SERVERS"]]
    return ["kcat", *extra, *args]


def main(args: list[str]) -> None:
    if shutil.which("kcat") is None:
        sys.exit("kcat is not installed (make install installs it)")
    env = {**read_env_file(ENV_FILE), **os.environ}
    os.execvpe("kcat", command(args, env), {**env, "LD_PRELOAD": str(librdkafka())})


if __name__ == "__main__":
    main(sys.argv[1:])
