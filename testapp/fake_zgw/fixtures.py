"""Realistic ZGW resources of one gemeente, as Open Zaak 1.30 renders them.

The case: gemeente with RSIN 002220647 handles omgevingsvergunningen with zaaktype
``OMGEVINGSVERGUNNING-REGULIER``. Two versions of that zaaktype exist (2024-2025 and from
2026), each with its own URL, statustypen, resultaattype and roltype; one besluittype serves
both. Two zaken:

``zaak`` (ZAAK-2026-0000000042)
    "Bouwen van een dakkapel op het achterdakvlak" at Dam 1, 1012 JS Amsterdam (Point
    geometry), current zaaktype version. Current status "Aanvraag ontvangen"; the end status
    "Besluit genomen", the resultaat "Verleend" and the besluit already exist as resources so
    the later notifications can be replayed (see :meth:`FakeZGW.set_status`). Its only rol is
    the applicant, a natural person with BSN 111222333: personal data that must never be
    fetched for or shown in a kennisgeving.
``zaak_winkelpand`` (ZAAK-2025-0000000917)
    "Verbouwen van een winkelpand tot twee appartementen" at Warmoesstraat 12 A-2 (huisletter
    and huisnummertoevoeging set, Polygon geometry), registered under the previous zaaktype
    version: rules must match zaaktypen by ``identificatie``, not by URL.

All URLs use the base :data:`FIXTURE_BASE`; :func:`load` and :func:`notification` rewrite them
to the base URL of a running fake API. Selectielijst URLs point to the public VNG selectielijst
and are a consistent pair taken from Open Zaak's own tests, not a classification advice.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from urllib.parse import urlsplit

FIXTURE_BASE = "http://openzaak.local"

DATA_DIR = Path(__file__).resolve().parent / "data"
NOTIFICATIONS_DIR = DATA_DIR / "notifications"


def rebase(data, base_url: str, from_base: str = FIXTURE_BASE):
    """Return a deep copy of ``data`` with every URL under ``from_base`` moved to ``base_url``."""
    text = json.dumps(data)
    return json.loads(rebase_text(text, base_url, from_base))


def rebase_text(text: str, base_url: str, from_base: str = FIXTURE_BASE) -> str:
    base_url = base_url.rstrip("/")
    from_base = from_base.rstrip("/")
    if base_url == from_base:
        return text
    # The trailing slash keeps e.g. "http://openzaak.localhost" from matching.
    return text.replace(f"{from_base}/", f"{base_url}/")


def load(name: str, base_url: str = FIXTURE_BASE) -> dict:
    """A fresh copy of the resource fixture ``name`` (e.g. ``"zaak"``) under ``base_url``."""
    return json.loads(rebase_text(_read(DATA_DIR / f"{name}.json"), base_url))


def notification(name: str, base_url: str = FIXTURE_BASE) -> dict:
    """A fresh copy of the notification body ``name`` (e.g. ``"status_create"``)."""
    return json.loads(rebase_text(_read(NOTIFICATIONS_DIR / f"{name}.json"), base_url))


def resource_names() -> list[str]:
    return sorted(path.stem for path in DATA_DIR.glob("*.json"))


def notification_names() -> list[str]:
    return sorted(path.stem for path in NOTIFICATIONS_DIR.glob("*.json"))


def all_resources(base_url: str = FIXTURE_BASE) -> dict[str, dict]:
    return {name: load(name, base_url) for name in resource_names()}


def collection_of(url: str) -> str:
    """The collection name in a ZGW resource URL: ``.../zaken/api/v1/statussen/<uuid>`` ->
    ``"statussen"``."""
    return urlsplit(url).path.rstrip("/").split("/")[-2]


@functools.cache
def _read(path: Path) -> str:
    if not path.is_file():
        raise KeyError(f"no ZGW fixture named {path.stem!r} in {path.parent}")
    return path.read_text(encoding="utf-8")
