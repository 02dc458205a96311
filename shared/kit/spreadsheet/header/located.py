"""What finding the header row gives: the layout and where each of its columns is; or why not."""
from dataclasses import dataclass, field

from shared.kit.spreadsheet.files.table import FileRefused
from shared.kit.spreadsheet.mapping.layout import Layout


@dataclass
class Located:
    layout: Layout
    row: int
    positions: dict[str, int]  # column -> cell index
    headers: dict[str, str]  # column -> header as written in the file
    ignored: list[str] = field(default_factory=list)  # headers that fill no field (序号, 备注 ...)
    rest: list = field(default_factory=list)  # rows read after the header that are data: read them first


class HeaderNotFound(FileRefused):
    def __init__(self, message: str, row: int | None = None, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.row, self.missing = row, missing
