"""Our version ranges admit every pin of Open Zaak 1.30.

pip's resolver decides, with the pins as constraints: if any range of ours (or of a dependency
we pull in) excluded a pinned version, resolution would fail. Nothing is installed
(``--dry-run``); the installed environment is ignored, so the answer does not depend on it.
The full proof, installing into a fresh environment of exactly those pins, is
``bin/check-openzaak-env`` (tests/openzaak/test_openzaak_env.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PINS = REPO_ROOT / "requirements" / "openzaak-1.30-pins.txt"


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path = PINS) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)", line)
        if match:
            pins[normalise(match[1])] = match[2]
    return pins


@pytest.fixture(scope="module")
def resolution(tmp_path_factory) -> dict[str, str]:
    report = tmp_path_factory.mktemp("pip") / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--report",
            str(report),
            "-c",
            str(PINS),
            f"{REPO_ROOT}[openzaak,setup-configuration]",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        "pip could not install zgw-threepas with Open Zaak's pins as constraints:\n"
        + result.stderr[-4000:]
    )
    installed = json.loads(report.read_text())["install"]
    return {normalise(item["metadata"]["name"]): item["metadata"]["version"] for item in installed}


def test_the_pins_file_is_read_completely():
    pins = read_pins()

    assert len(pins) > 150
    assert pins["django"] == "5.2.17"
    assert pins["ruamel-yaml"] == "0.18.10"


def test_our_ranges_with_both_extras_resolve_to_the_pinned_versions(resolution):
    pins = read_pins()

    different = {
        name: (version, pins[name])
        for name, version in resolution.items()
        if name in pins and version != pins[name]
    }
    assert different == {}
    for name in (
        "django",
        "zgw-consumers",
        "celery",
        "commonground-api-common",
        "notifications-api-common",
        "django-setup-configuration",
    ):
        assert resolution[name] == pins[name]


def test_only_few_packages_are_added_to_open_zaak(resolution):
    """What zgw-threepas brings that Open Zaak does not have; each one is a deliberate choice."""
    added = set(resolution) - set(read_pins()) - {"zgw-threepas"}

    assert added <= {"lxml", "pyproj", "holidays"}
