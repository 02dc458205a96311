"""The settings of a department service (`python -m services.<department> serve | simulate | import`)."""
from pydantic import Field, field_validator

from shared.kit.auth import parse_keys
from shared.settings import InfraSettings


class DepartmentSettings(InfraSettings):
    """Kafka, PostgreSQL and the key secret (InfraSettings), and the departments' API keys."""

    department_api_keys: str = Field(description="department:token[,department:token]; tokens of 16+ characters "
                                                 "(shared.kit.auth)")

    @field_validator("department_api_keys")
    @classmethod
    def _keys_parse(cls, value: str) -> str:
        parse_keys(value)
        return value
