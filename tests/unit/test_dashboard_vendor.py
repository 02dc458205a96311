"""The dashboard's vendored npm files are the pinned ones with their licences, and no page loads a CDN."""
import hashlib
import re
from pathlib import Path

from deploy.vendor_assets import ASSETS, VENDOR, tarball_url

TEMPLATES = VENDOR.parent.parent / "templates"


def test_each_vendored_file_matches_the_sums_written_when_it_was_fetched_and_ships_its_licence():
    for name, version, _sha, files in ASSETS:
        sums = dict(reversed(line.split("  ", 1)) for line in (VENDOR / name / "SHA256SUMS").read_text().splitlines())
        assert sorted(sums) == sorted(files)
        for rel in files:
            assert hashlib.sha256((VENDOR / name / rel).read_bytes()).hexdigest() == sums[rel], rel
        assert "LICENSE" in files
        assert (VENDOR / name / "VERSION").read_text().startswith(f"{name}@{version} from {tarball_url(name, version)}")


def test_the_tarballs_come_from_the_npm_registry():
    assert tarball_url("htmx.org", "2.0.11") == "https://registry.npmjs.org/htmx.org/-/htmx.org-2.0.11.tgz"


def test_no_template_loads_anything_from_another_host():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert not re.search(r'(src|href)="(https?:)?//', text), template.name
