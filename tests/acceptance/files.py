"""Department files as offices make them, and two ways of importing them without Kafka or a
database: in this process (a dry run of shared.kit.importing.file_import.import_file, with the events it
would publish captured where they become outbox messages) and as the command a clerk runs
(`python -m services.<department> import FILE --dry-run`: exit status, output, error report)."""
import asyncio
import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path

from openpyxl import Workbook

from shared.kit.importing.file_import import import_file
from shared.kit.store import ledger

REPO = Path(__file__).resolve().parents[2]
BILL_HEADER = ["身份证号", "姓名", "结算单号", "入院日期", "出院日期", "医疗总费用", "基本医保报销", "大病保险报销",
               "医疗救助", "个人自付"]
HOUSING_HEADER = ["户主身份证号", "户主姓名", "村代码", "鉴定编号", "鉴定日期", "鉴定等级"]


def department(code: str):
    return import_module(f"services.{code}.department").DEPARTMENT


def write_xlsx(path: Path, sheets: list[tuple[str, list[list]]], merges: dict[str, list[str]] | None = None,
               formats: dict[tuple[str, str], str] | None = None) -> Path:
    """sheets: (title, rows) in order; merges: title -> ranges ("A1:J1"); formats: (title, cell) -> number format."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for rng in (merges or {}).get(title, []):
            sheet.merge_cells(rng)
    for (title, cell), fmt in (formats or {}).items():
        book[title][cell].number_format = fmt
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "gb18030") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows([["" if v is None else (v.isoformat() if isinstance(v, date) else str(v)) for v in r]
                                 for r in rows])
    return path


@dataclass
class InProcess:
    summary: object  # shared.kit.importing.summary.ImportSummary
    events: list  # the events the good rows become, in file order

    @property
    def bad_rows(self) -> set:
        """Rows reported as bad (a line that only says a row or sheet was skipped is not one)."""
        return {e.row for e in self.summary.errors
                if not is_skip_note({"column": e.column, "value": e.value, "reason": e.reason})}


def import_in_process(code: str, path: Path, monkeypatch) -> InProcess:
    """A dry run of the importer; every event that would go to the outbox is captured."""
    events = []
    real = ledger.outgoing

    def capture(department, event, *args, **kwargs):
        events.append(event)
        return real(department, event, *args, **kwargs)

    monkeypatch.setattr(ledger, "outgoing", capture)
    summary = asyncio.run(import_file(department(code), path, pool=None))
    return InProcess(summary, events)


@dataclass
class Cli:
    returncode: int
    output: str  # stdout and stderr
    report: list[dict]  # lines of <file>.errors.csv
    report_text: str

    @property
    def everything(self) -> str:
        return self.output + "\n" + self.report_text

    def report_rows(self, *, excluding_skips: bool = True) -> set[str]:
        """Row fields of the report's lines, without lines that only say a row was skipped."""
        return {line["row"] for line in self.report if not (excluding_skips and is_skip_note(line))}


def is_skip_note(line: dict) -> bool:
    text = " ".join(str(v) for v in line.values()).lower()
    return "skip" in text or "跳过" in text or "略过" in text or "忽略" in text


def import_cli(code: str, path: Path) -> Cli:
    env = {**os.environ, "COLUMNS": "400"}  # no wrapped lines in the summary
    out = subprocess.run([sys.executable, "-m", f"services.{code}", "import", str(path), "--dry-run"], env=env,
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    report = path.with_name(f"{path.stem}.errors.csv")
    text = report.read_text(encoding="utf-8-sig") if report.exists() else ""
    lines = list(csv.DictReader(io.StringIO(text, newline=""))) if text else []
    return Cli(out.returncode, out.stdout + out.stderr, lines, text)
