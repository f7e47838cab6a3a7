"""The troubleshooting page explains every finding of the connection check and every system
check id, so that an administrator who reads one in the output finds its cause and remedy."""

from __future__ import annotations

import re
from pathlib import Path

import zgw_threepas.checks
import zgw_threepas.delivery.check
from zgw_threepas.delivery.check import SYSTEM_CHECK_IDS

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "troubleshooting.rst").read_text(encoding="utf-8")


def _source(module) -> str:
    return Path(module.__file__).read_text(encoding="utf-8")


def finding_codes() -> set[str]:
    """Every code a Finding is made with in the connection check."""
    source = _source(zgw_threepas.delivery.check)
    codes = set(re.findall(r'Finding\(\s*\w+,\s*"([a-z-]+)"', source))
    codes |= set(re.findall(r'Finding\(ERROR, "([a-z-]+)"', source))
    codes |= set(re.findall(r'\[Finding\(ERROR, "([a-z-]+)"', source))
    suffixes = re.findall(r'f"\{prefix\}-([a-z-]+)"', source)
    prefixes = re.findall(r'prefix="([a-z-]+)"', source)
    codes |= {f"{prefix}-{suffix}" for prefix in prefixes for suffix in suffixes}
    return codes


def test_the_code_scan_finds_the_findings_it_should():
    codes = finding_codes()

    assert {"is-alive", "credentials-refused", "client-certificate-unusable"} <= codes
    assert {"server-ca-expires-soon", "client-certificate-not-yet-valid"} <= codes
    assert len(codes) > 40


def test_every_finding_of_the_connection_check_is_explained():
    missing = sorted(code for code in finding_codes() if f"``{code}``" not in PAGE)

    assert missing == []


def test_every_system_check_id_is_explained():
    errors = set(re.findall(r'"(zgw_threepas\.[EW]\d{3})"', _source(zgw_threepas.checks)))
    ids = errors | set(SYSTEM_CHECK_IDS.values())

    assert errors == {f"zgw_threepas.E00{n}" for n in range(1, 6)} | {"zgw_threepas.W001"}
    assert sorted(i for i in ids if f"``{i}``" not in PAGE) == []
