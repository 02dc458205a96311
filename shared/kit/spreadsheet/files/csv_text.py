"""CSV files in the encodings Excel writes, comma or tab separated."""
import codecs
import csv
import io
from pathlib import Path

from shared.kit.spreadsheet.files.table import FileRefused, Table


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding). A BOM decides; else UTF-8 if it decodes, else GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRefused(f"the file is not text in {' or '.join(candidates)}")


def read_csv(path: Path) -> Table:
    text, encoding = decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if first.count("\t") > first.count(",") else ",")
    return Table(((n, row) for n, row in enumerate(reader, start=1)), text.count("\n") + 1, encoding)
