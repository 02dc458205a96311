"""A row's raw cells by column name, for error messages (built only for rows that need one)."""


class RowCells:
    def __init__(self, cells: list, positions: dict[str, int]):
        self.cells, self.positions = cells, positions

    def get(self, column: str):
        i = self.positions.get(column)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def __getitem__(self, column: str):
        return self.get(column)
