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


def citation(rule: Cited) -> tuple[str, str]:
    """Where `rule` comes from, as (zh, en) one-liners: the Kashgar plan's chapter and section with
    the quoted phrase, a national document's title and article, or the local choice's reason."""
    source = rule.source
    if source is None:
        return f"本地选择：{rule.local_choice}", f"local choice: {rule.local_choice}"
    if source.document == "kashgar_plan":
        where = f"喀什地区“十四五”衔接规划 第{source.chapter}章第{source.section}节"
        return f"{where}：“{source.quote}”", \
            f"Kashgar plan, chapter {source.chapter} section {source.section}: “{source.quote}”"
    quoted = f"：“{source.quote}”" if source.quote else ""
    return (f"{source.issuer}{source.title}（{source.year}）{source.article}{quoted}",
            f"{source.issuer} {source.title} ({source.year}), {source.article}" + (f": “{source.quote}”" if source.quote else ""))
