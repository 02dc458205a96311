"""Typed settings read from the environment; missing required values fail at start."""
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class InfraSettings(BaseSettings):
    """Where Kafka and PostgreSQL are. `deploy/local` writes these into .local/env."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    kafka_bootstrap_servers: str = Field(description="host:port[,host:port], e.g. 127.0.0.1:19092")
    database_url: str = Field(description="postgresql://user@host:port/db")
    partition_key_secret: str = Field(
        min_length=16,
        description="HMAC secret for message keys of events whose household is not known yet; "
        "the raw resident ID is never a key (DESIGN.md section 3)",
    )
    topic_partitions: int = Field(default=6, ge=1, description="partitions per topic when we create it")
