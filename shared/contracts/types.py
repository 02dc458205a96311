"""Field types shared by every contract: money, dates and times, person, CloudEvents envelope."""
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      WithJsonSchema)


MONEY_TEXT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")  # ASCII digits only: \d would take ١٢٣ and １２３


def _money(value):
    # JSON numbers with a fraction arrive as binary floats: refuse them rather than guess
    # (DESIGN.md section 3: decimal strings). Whole numbers and exact strings are fine.
    if isinstance(value, float):
        raise ValueError('money must be a decimal string such as "12345.67", not a JSON number with a fraction')
    if isinstance(value, str) and not MONEY_TEXT.fullmatch(value):
        raise ValueError('money must look like "12345.67": digits, optional point and at most two decimals')
    return value


# Yuan, two decimal places, never float. JSON carries it as a string. The constraints come before
# the text check so that pydantic-core checks the digits natively (about 3x faster than the
# Python fallback it uses otherwise); the JSON schema is pinned to what the contracts published.
Yuan = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2), BeforeValidator(_money),
                 WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}], "decimal_places": 2,
                                 "examples": ["12345.67"], "ge": 0, "max_digits": 14})]
def folded(text: str) -> str:
    """A code as people type it, compared as its canonical spelling: NFKC (full width to ASCII)
    and no whitespace anywhere ("Ｃ 级" -> "C级")."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def _upper_code(value):
    return folded(value).upper() if isinstance(value, str) else value


def lower_code(value):
    """BeforeValidator of a lower-case code as people type it (" Flood ", ｆｌｏｏｄ -> flood)."""
    return folded(value).lower() if isinstance(value, str) else value


# m, ｆ and " F " are the codes M and F over Kafka and HTTP as in files; the schema stays M | F.
Gender = Annotated[Literal["M", "F"], BeforeValidator(_upper_code)]

EARLIEST = date(1900, 1, 1)  # business dates and times: no department record is older
LATEST = date(2100, 12, 31)
# Birth dates go further back: GB 11643-1989 gave people over 100 the sequence codes 996-999 of
# the 15-digit ID, whose century is then 18 (shared.resident_id.upgrade_15), so 1800-01-01 is the
# earliest birth date a resident ID can carry (shared.resident_id refuses earlier ones too).
EARLIEST_BIRTH = date(1800, 1, 1)
FUTURE_TOLERANCE = timedelta(days=2)  # clock skew between department systems and ours


def _between(earliest: date, latest: date):
    def check(value: date) -> date:
        if not earliest <= value <= latest:
            raise ValueError(f"date must be between {earliest.isoformat()} and {latest.isoformat()}")
        return value
    return check


def _not_in_future(value: datetime) -> datetime:
    # A business time in the future would freeze factors against every later real event.
    # The local year first (year 1 cannot move to UTC), then the instant: 1900-01-01T00:00+08:00 is 1899 in UTC.
    if value.year < EARLIEST.year or value < datetime(EARLIEST.year, 1, 1, tzinfo=timezone.utc):
        raise ValueError("time must not be before 1900")
    if value > datetime.now(timezone.utc) + FUTURE_TOLERANCE:
        raise ValueError("time must not be in the future: it is when the event happened in the department")
    return value


# The schema states the range (a JSON Schema date has no minimum): the years as a pattern, the day
# itself checked by `format`.
_YEARS_1900_2100 = r"^(19[0-9]{2}|20[0-9]{2}|2100)-"
_YEARS_1800_2100 = r"^(1[89][0-9]{2}|20[0-9]{2}|2100)-"
Day = Annotated[date, AfterValidator(_between(EARLIEST, LATEST)),
                WithJsonSchema({"type": "string", "format": "date", "pattern": _YEARS_1900_2100})]
BirthDate = Annotated[date, AfterValidator(_between(EARLIEST_BIRTH, LATEST)),
                      WithJsonSchema({"type": "string", "format": "date", "pattern": _YEARS_1800_2100})]
BusinessTime = Annotated[AwareDatetime, AfterValidator(_not_in_future)]


def _storable(text: str) -> str:
    # PostgreSQL rejects U+0000 and lone surrogates (JSON "\ud800") in text: refuse them at the edge
    # with a clear error, instead of a database error that quotes the value.
    if "\x00" in text:
        raise ValueError("text must not contain the NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (a lone surrogate such as \\ud800 is not)") from None
    return text


def _not_blank(text: str) -> str:
    if not text:
        raise ValueError("must not be empty or blank")
    return text


Text = Annotated[str, Field(json_schema_extra={"pattern": r"^[^\x00]*$"}), AfterValidator(_storable)]  # the schema says "no NUL" too
# A staff account that records a decision: surrounding blanks stripped, never empty.
StaffAccount = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=100), AfterValidator(_not_blank)]


class Contract(BaseModel):
    """Base of all payloads: unknown fields are refused so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(Contract):
    """Who the event is about, as the department recorded it (departments make mistakes in all of it)."""

    resident_id: Text | None = Field(
        default=None,
        max_length=40,
        description="居民身份证号码 as the department sent it; the monitor normalises and validates it. "
                    "Leave it out when unknown: the monitor then matches by name, gender, birth date and village",
        examples=["653125199001011236"],
    )
    name: Text = Field(max_length=100, description="姓名 as recorded by the department", examples=["阿卜杜拉·买买提"])
    birth_date: BirthDate | None = Field(default=None, description="出生日期, when the department knows it; "
                                                    "from 1800-01-01 (people over 100 in 15-digit IDs)")
    gender: Gender | None = Field(default=None, description="M or F, when known")
    village_code: Text | None = Field(default=None, max_length=12, description="12-digit village code, when known")


class CloudEvent(Contract):
    """CloudEvents 1.0 envelope, structured JSON mode. Subclasses fix `type` and `data`."""

    specversion: Literal["1.0"] = "1.0"
    id: Text = Field(min_length=1, max_length=100, description="unique per source; the dedup key")
    source: Text = Field(min_length=1, max_length=200, description="URI of the sending system, e.g. /kashgar/health_insurance")
    type: str
    time: BusinessTime = Field(description="business time: when it happened in the department, with zone; "
                               "not in the future")
    subject: Text | None = Field(default=None, max_length=100, description="household ID when known (monitor events)")
    dataschema: Text | None = Field(default=None, max_length=500, description="URI of the data schema")
    datacontenttype: Literal["application/json"] = "application/json"
