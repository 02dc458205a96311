"""Where the local launcher keeps its state (all under the repo's ignored .local/)."""
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOCAL = REPO / ".local"
KAFKA_HOME = LOCAL / "kafka"
PG_HOME = LOCAL / "postgres"
ENV_FILE = LOCAL / "env"



def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines of an env file the launcher wrote (.local/env); {} when it does not exist."""
    if not path.exists():
        return {}
    pairs = (line.partition("=") for line in path.read_text().splitlines() if not line.startswith("#"))
    return {name.strip(): value for name, sep, value in pairs if sep and name.strip()}


KAFKA_PORT = 19092
KAFKA_CONTROLLER_PORT = 19093
PG_PORT = 55432
PG_DATABASE = "relapse"
