"""The mapping file's schema (pydantic): what `import_mapping.yaml` may say, before it is checked
against the contracts (mapping.compile)."""
from pydantic import BaseModel, ConfigDict, Field, model_validator


class MappingError(ValueError):
    """The mapping file does not fit the contracts; the message names the file and the place."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Strict):
    headers: list[str] = Field(min_length=1, description="header as the department writes it first, then other "
                                                         "spellings seen in exports")
    required: bool = Field(default=True, description="the file is refused when no header matches")
    values: dict[str, str | int] = Field(default_factory=dict, description="what people type -> contract value")
    stand_in: list[str] = Field(default_factory=list, description="headers read only when the file has none of the "
                                                                  "others (a looser name for the same field)")

    @model_validator(mode="after")
    def _stand_ins_are_headers(self):
        if not set(self.stand_in) <= set(self.headers):
            raise ValueError(f"stand_in {self.stand_in} must be among the headers")
        return self


class EventSpec(_Strict):
    type: str = Field(description="CloudEvents type, one of the department's events")
    fields: dict[str, str] = Field(default_factory=dict, description="data field -> column, where names differ")
    time: str = Field(description="date column; the business time is noon Asia/Shanghai of that day")
    key: list[str] = Field(min_length=1, description="columns that identify the event: same key, same event ID")


class LayoutSpec(_Strict):
    title: str
    columns: dict[str, ColumnSpec]
    event_by: str | None = Field(default=None, description="column whose value picks the event")
    events: dict[str, EventSpec] = Field(min_length=1, description="by value of event_by (one entry without it)")


class MappingFile(_Strict):
    layouts: dict[str, LayoutSpec] = Field(min_length=1)
