"""The monitor's settings (`python -m services.monitor`): one typed object, read at start."""
from pydantic import Field, field_validator

from services.monitor.operator_auth import parse_tokens
from services.monitor.operator_roles import parse_roles
from services.monitor.operator_scope import parse_scopes
from services.monitor.policy import PolicySettings
from services.monitor.retention import RetentionSettings
from shared.contracts.declaration import MONITOR_HTTP_PORT
from shared.settings import InfraSettings


class MonitorSettings(InfraSettings, PolicySettings, RetentionSettings):
    """Kafka, PostgreSQL and the key secret (InfraSettings), the policy file (MONITOR_POLICY), the
    retention of dedup and outbox rows (RetentionSettings), and:"""

    operator_tokens: str = Field(description="name:token[,name:token] of the operators of the HTTP API; "
                                             "tokens of 16+ characters")
    operator_scopes: str = Field(default="", description="name:county_code[|county_code][,...]: operators who see and "
                                                       "act on only those counties' households; others are prefecture-wide")
    operator_roles: str = Field(default="", description="name:role[,...], role viewer, case_officer or administrator; "
                                                      "unset: every operator an administrator, set: one not named a viewer")
    monitor_http_host: str = Field(default="127.0.0.1", min_length=1, description="address the HTTP API listens on")
    monitor_http_port: int = Field(default=MONITOR_HTTP_PORT, ge=1, le=65535, description="port of the HTTP API and /metrics")
    overdue_interval_s: float = Field(default=60, gt=0, description="seconds between scans for overdue tasks")

    @field_validator("operator_tokens")
    @classmethod
    def _tokens_parse(cls, value: str) -> str:
        parse_tokens(value)
        return value

    @field_validator("operator_roles")
    @classmethod
    def _roles_parse(cls, value: str) -> str:
        parse_roles(value)
        return value

    @field_validator("operator_scopes")
    @classmethod
    def _scopes_parse(cls, value: str) -> str:
        parse_scopes(value)
        return value
