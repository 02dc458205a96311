"""Where a policy rule comes from: a primary document, checked as far as a machine can.

Two kinds of `source`:
- the Kashgar plan (《喀什地区"十四五"巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划》, 喀什地区行政公署办公室,
  2022; its text is `kashgar_plan.txt` beside this module): chapter, section and the phrase
  the rule rests on, which must occur verbatim in that section;
- a national document: issuer, title (in 《》), year and article.
Everything else is a `local_choice` with its reason. The team's own notes (DESIGN.md,
GLOSSARY.md, issues) are never a source, and a reason may not lean on them either.
"""
import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PLAN_FILE = Path(__file__).resolve().parent / "kashgar_plan.txt"
NUMERALS = "一二三四五六七八九十"
HEADING = re.compile(r"^第([一二三四五六七八九十]{1,2})([章节])\s")
OWN_NOTES = re.compile(r"DESIGN\.md|GLOSSARY|STYLE\.md|\bissue\s*#?\d+|\bseed\b", re.IGNORECASE)
NOT_A_SOURCE = "cite a primary document (the Kashgar plan or a national document), not the team's own notes"


def _number(numeral: str) -> int:
    """一..十九 -> 1..19 (the plan has seven chapters and at most eight sections)."""
    if numeral.startswith("十"):
        return 10 + (NUMERALS.index(numeral[1]) + 1 if len(numeral) > 1 else 0)
    return NUMERALS.index(numeral) + 1


@cache
def plan_sections() -> dict[tuple[int, int], str]:
    """(chapter, section) -> that section's text, whitespace removed; section 0 is a chapter's
    text before its first section."""
    sections: dict[tuple[int, int], list[str]] = {}
    chapter, section = 0, 0
    for line in PLAN_FILE.read_text(encoding="utf-8").splitlines():
        heading = HEADING.match(line)
        if heading and heading.group(2) == "章":
            chapter, section = _number(heading.group(1)), 0
        elif heading:
            section = _number(heading.group(1))
        sections.setdefault((chapter, section), []).append(line)
    return {key: _squeeze("".join(lines)) for key, lines in sections.items()}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def refuse_own_notes(text: str | None) -> None:
    """Raises ValueError when `text` leans on the team's own notes instead of a document."""
    if text and OWN_NOTES.search(text):
        raise ValueError(NOT_A_SOURCE)


class _Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reading: str | None = Field(default=None, min_length=3, description="how the rule follows from the document")

    @model_validator(mode="after")
    def _no_own_notes(self):
        refuse_own_notes(self.reading)
        return self


class PlanSource(_Source):
    """The Kashgar plan, chapter and section, with the phrase (verbatim, 4+ characters) the rule rests on."""

    document: Literal["kashgar_plan"]
    chapter: int = Field(ge=1)
    section: int = Field(ge=1)
    quote: str = Field(min_length=4)

    @model_validator(mode="after")
    def _quote_in_section(self):
        text = plan_sections().get((self.chapter, self.section))
        if text is None:
            raise ValueError(f"the Kashgar plan has no chapter {self.chapter} section {self.section}")
        if _squeeze(self.quote) not in text:
            raise ValueError(f"the quoted phrase is not in chapter {self.chapter} section {self.section} "
                             "of the Kashgar plan")
        return self


class NationalSource(_Source):
    """A national law, regulation or policy document: issuer, title in 《》, year, article."""

    document: Literal["national"]
    issuer: str = Field(min_length=2)
    title: str = Field(pattern=r"^《[^《》]+》$")
    year: int = Field(ge=1949, le=2100)
    article: str = Field(min_length=2, description="e.g. 第十一条")
    quote: str | None = Field(default=None, min_length=4)


Source = PlanSource | NationalSource
