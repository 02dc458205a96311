"""After `mutmut run` (make mutation): the counts by status from mutmut's own summary
(mutants/mutmut-cicd-stats.json, written by `mutmut export-cicd-stats`) and each surviving mutant
(`mutmut results` lists the mutants not killed). Last line: `mutants=N killed=K survived=S
no_tests=T timeout=O`."""
import json
import subprocess
import sys
from pathlib import Path

MUTMUT = Path(sys.executable).with_name("mutmut")


def main() -> None:
    subprocess.run([str(MUTMUT), "export-cicd-stats"], check=True, stdout=subprocess.DEVNULL)
    stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text())
    listed = subprocess.run([str(MUTMUT), "results"], check=True, capture_output=True, text=True).stdout
    survivors = [line.strip().rsplit(":", 1)[0] for line in listed.splitlines() if line.strip().endswith(": survived")]
    print(f"surviving mutants ({len(survivors)}; `.venv/bin/mutmut show NAME` shows one):")
    for name in survivors:
        print(f"  {name}")
    print(f"mutants={stats['total']} killed={stats['killed']} survived={stats['survived']} "
          f"no_tests={stats['no_tests']} timeout={stats['timeout']}")


if __name__ == "__main__":
    main()
