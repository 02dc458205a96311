"""Scan log files for any registry resident ID or name (PIPL; DESIGN.md section 8).

`python -m deploy.privacy_check [LOG_DIR]` (reads DATABASE_URL). Exit code 1 when anything
personal is found; the findings print as counts and file:line, never the value itself.
"""
import asyncio
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from shared.settings import DatabaseSettings, load_or_exit

ID_SHAPED = re.compile(r"\d{17}[\dXx]|\d{15}")
CJK_RUN = re.compile(r"[\u3400-\u9fff·•‧.]{2,}")


@dataclass
class Findings:
    lines_scanned: int = 0
    ids: list[str] = field(default_factory=list)  # "file:line" of each hit
    names: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.ids and not self.names


def scan(paths: list[Path], resident_ids: set[str], names: set[str]) -> Findings:
    """Each ID-shaped token is looked up in the registry's IDs; each run of Chinese characters is
    checked for every registry name it contains (names are at most a few dozen characters)."""
    longest = max((len(n) for n in names), default=0)
    found = Findings()
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, start=1):
                found.lines_scanned += 1
                where = f"{path.name}:{n}"
                if any(token.upper() in resident_ids for token in ID_SHAPED.findall(line)):
                    found.ids.append(where)
                for run in CJK_RUN.findall(line):
                    if any(run[i:j] in names for i in range(len(run))
                           for j in range(i + 2, min(len(run), i + longest) + 1)):
                        found.names.append(where)
                        break
    return found


async def registry_identities(dsn: str) -> tuple[set[str], set[str]]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT resident_id, name FROM monitor.persons")
    finally:
        await conn.close()
    return {r["resident_id"] for r in rows}, {r["name"] for r in rows}


def main(log_dir: Path) -> int:
    ids, names = asyncio.run(registry_identities(load_or_exit(DatabaseSettings, "privacy check").database_url))
    found = scan(sorted(log_dir.glob("*.log")), ids, names)
    print(f"privacy check: {found.lines_scanned:,} log lines, {len(found.ids)} with a resident ID, "
          f"{len(found.names)} with a name" + ("" if found.clean else f" (first at {(found.ids + found.names)[0]})"))
    return 0 if found.clean else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".local/logs")))
