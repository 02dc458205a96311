"""The registry loader's progress bar (rich): households and persons copied, with rates, and
the phase (copy, indexes and analyze, match keys). Counts only, never personal data."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


def progress_bar(households: int | None, persons: int | None
                 ) -> tuple[Progress, Callable[[int, int], None], Callable[[str], None]]:
    """(bar, advance(households, persons), set_phase(name)); totals None make open-ended bars,
    and `persons` may be an estimate: the phase "done" pins it to what was written."""
    progress = Progress(
        TextColumn("[bold]{task.description:<11}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    started = time.perf_counter()
    hh_task = progress.add_task("households", total=households, rate="")
    p_task = progress.add_task("persons", total=persons, rate="")
    phase = progress.add_task("phase", total=None, rate="", visible=True)
    progress.update(phase, description="copy")

    def advance(h: int, p: int) -> None:
        progress.advance(hh_task, h)
        progress.advance(p_task, p)
        elapsed = max(time.perf_counter() - started, 1e-9)
        done_h = progress.tasks[hh_task].completed
        done_p = progress.tasks[p_task].completed
        progress.update(hh_task, rate=f"{done_h / elapsed:,.0f}/s")
        progress.update(p_task, rate=f"{done_p / elapsed:,.0f}/s")

    def set_phase(name: str) -> None:
        if name == "done":
            # The person total was an estimate: pin it to what was written.
            task = progress.tasks[p_task]
            progress.update(p_task, total=task.completed)
            progress.update(phase, total=1, completed=1, description="done")
        else:
            progress.update(phase, description=name)

    return progress, advance, set_phase
