"""Where the local launcher keeps its state (all under the repo's ignored .local/)."""
from pathlib import Path

from shared.settings import read_env_file  # noqa: F401 - the launcher's callers read the env file from here

REPO = Path(__file__).resolve().parents[2]
LOCAL = REPO / ".local"
KAFKA_HOME = LOCAL / "kafka"
PG_HOME = LOCAL / "postgres"
ENV_FILE = LOCAL / "env"



KAFKA_PORT = 19092
KAFKA_CONTROLLER_PORT = 19093
PG_PORT = 55432
PG_DATABASE = "relapse"
