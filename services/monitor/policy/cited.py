"""A rule of the policy: it cites its source, or says that it is a local choice and why."""
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.monitor.policy.sources import NationalSource, PlanSource, refuse_own_notes


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(_Strict):
    """A rule: exactly one of `source` (a primary document, see sources.py) or `local_choice`
    (why we chose it where no document decides, in words that do not lean on our own notes)."""

    source: Annotated[PlanSource | NationalSource, Field(discriminator="document")] | None = None
    local_choice: str | None = Field(default=None, min_length=3)

    @model_validator(mode="after")
    def _one_citation(self):
        if (self.source is None) == (self.local_choice is None):
            raise ValueError("give exactly one of `source` or `local_choice`")
        refuse_own_notes(self.local_choice)
        return self
