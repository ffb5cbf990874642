"""Where each cell of a reshaped table came from, so a figure built by ``data.steps`` can still
be traced to the published file: :class:`Lineage`.

Every cell of the table the steps hand on keeps three things: the file it comes from, the
spreadsheet row there (header = 1; for a sum over several rows, the first of them) and a note
saying how the cell was made ("f0_ summed over 57 rows, the first at row 14, where Year is
2012 and reported_by is Kent Police"). A cell copied as it is has no note, so a table with no
steps traces exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class Lineage:
    """Parallel to a table (same index and columns): ``rows`` holds each cell's spreadsheet row
    in ``files[column]``, ``notes`` how the cell was made ("" for a cell copied as it is)."""

    rows: pd.DataFrame
    notes: pd.DataFrame
    files: dict[str, str]

    @classmethod
    def of(cls, frame: pd.DataFrame, file: str) -> Lineage:
        """The lineage of a table read from ``file``: every cell is its own row there."""
        numbers = list(range(2, len(frame) + 2))
        rows = pd.DataFrame({c: numbers for c in frame.columns}, index=frame.index, dtype="int64")
        notes = pd.DataFrame("", index=frame.index, columns=list(frame.columns))
        return cls(rows, notes, {c: file for c in frame.columns})

    def take(self, mask: pd.Series) -> Lineage:
        """The lineage of the rows ``mask`` keeps, renumbered 0, 1, ..."""
        return Lineage(
            self.rows[mask].reset_index(drop=True),
            self.notes[mask].reset_index(drop=True),
            self.files,
        )

    def add(self, column: str, rows: pd.Series, notes: pd.Series, file: str) -> None:
        """Record where a new ``column`` came from."""
        self.rows = self.rows.copy()  # one block again: adding many columns stays quick
        self.notes = self.notes.copy()
        self.rows[column] = rows.astype("int64").to_numpy()
        self.notes[column] = notes.to_numpy()
        self.files[column] = file

    def origin(self, index: int, column: str) -> tuple[str, int, str]:
        """(file, row, column as a trace shows it) for one cell."""
        note = str(self.notes.at[index, column])
        shown = f"{column} ({note})" if note else column
        row = self.rows[column].iloc[index]
        return self.files[column], int(row), shown
