"""Field types shared by every contract: money, person, CloudEvents envelope."""
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

# Yuan, two decimal places, never float (DESIGN.md section 3). JSON carries it as a string.
Yuan = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, examples=["12345.67"])]
Gender = Literal["M", "F"]


def _no_nul(text: str) -> str:
    # PostgreSQL rejects U+0000 in text: refuse it at the edge with a clear error.
    if "\x00" in text:
        raise ValueError("text must not contain the NUL character")
    return text


Text = Annotated[str, AfterValidator(_no_nul)]


class Contract(BaseModel):
    """Base of all payloads: unknown fields are refused so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(Contract):
    """Who the event is about, as the department recorded it (departments make mistakes in all of it)."""

    resident_id: Text = Field(
        max_length=40,
        description="居民身份证号码 as the department sent it; the monitor normalises and validates it",
        examples=["653125199001011236"],
    )
    name: Text = Field(max_length=100, description="姓名 as recorded by the department", examples=["阿卜杜拉·买买提"])
    birth_date: date | None = Field(default=None, description="出生日期, when the department knows it")
    gender: Gender | None = Field(default=None, description="M or F, when known")
    village_code: Text | None = Field(default=None, max_length=12, description="12-digit village code, when known")


class CloudEvent(Contract):
    """CloudEvents 1.0 envelope, structured JSON mode. Subclasses fix `type` and `data`."""

    specversion: Literal["1.0"] = "1.0"
    id: Text = Field(min_length=1, max_length=100, description="unique per source; the dedup key")
    source: Text = Field(min_length=1, max_length=200, description="URI of the sending system, e.g. /kashgar/health_insurance")
    type: str
    time: AwareDatetime = Field(description="business time: when it happened in the department, with zone")
    subject: Text | None = Field(default=None, max_length=100, description="household ID when known (monitor events)")
    dataschema: Text | None = None
    datacontenttype: Literal["application/json"] = "application/json"
