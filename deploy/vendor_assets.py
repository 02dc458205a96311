"""Fetch the dashboard's web assets (htmx, Apache ECharts) from the npm registry, check each
tarball's sha256 against the pin below and unpack the listed files with their licences into
services/monitor/dashboard/static/vendor/<name>/. The files are committed: the dashboard never
loads a CDN at run time; run this (`make vendor`) only to change a version on purpose.

Raises SystemExit when a download does not match its pin."""
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
VENDOR = Path(__file__).resolve().parent.parent / "services" / "monitor" / "dashboard" / "static" / "vendor"
# name, version, sha256 of the registry tarball, files inside it (under package/) to keep
ASSETS = (
    ("htmx.org", "2.0.11", "165a2655073e9e6e55e307a7c74e8ebcdb76afb7701f9c16cfd106a13add408e",
     ("dist/htmx.min.js", "LICENSE")),
    ("echarts", "6.1.0", "681aff88cc1038c3fa941a3a53d1b177a52250b05335efc607d6105ae13be481",
     ("dist/echarts.min.js", "LICENSE", "NOTICE", "licenses/LICENSE-d3")),  # Apache-2.0: NOTICE and d3's licence too
)


def tarball_url(name: str, version: str) -> str:
    return f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"


def vendor(name: str, version: str, sha256: str, files: tuple[str, ...]) -> None:
    with urllib.request.urlopen(tarball_url(name, version), timeout=60) as answer:
        data = answer.read()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise SystemExit(f"vendor: {name}@{version} sha256 {got} is not the pinned {sha256}")
    target = VENDOR / name
    sums = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for rel in files:
            out = target / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            content = tar.extractfile(f"package/{rel}").read()
            out.write_bytes(content)
            sums.append(f"{hashlib.sha256(content).hexdigest()}  {rel}\n")
    (target / "VERSION").write_text(f"{name}@{version} from {tarball_url(name, version)} sha256 {sha256}\n")
    (target / "SHA256SUMS").write_text("".join(sums))  # tests/unit/test_dashboard_vendor.py checks the committed files
    print(f"vendor: {name}@{version} -> {target.relative_to(VENDOR.parent.parent)}")


def main() -> None:
    for asset in ASSETS:
        vendor(*asset)


if __name__ == "__main__":
    sys.exit(main())
