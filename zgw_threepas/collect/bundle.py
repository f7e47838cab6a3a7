"""The plain values a publication is built from.

A :class:`ZaakBundle` holds everything the later steps (rules, kennisgeving) may read about a
zaak, gathered once by :func:`zgw_threepas.collect.fetch.collect_zaak_bundle`. Resources are kept
as the dictionaries the ZGW APIs returned (camelCase keys, as in the official specs), without
``_expand``. Rollen are never fetched: they may describe natural persons, whose data must never
reach a kennisgeving.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.dateparse import parse_date, parse_datetime


@dataclass(frozen=True)
class Adres:
    """The address of a zaakobject with ``objectType`` ``adres`` (BAG-style fields)."""

    straatnaam: str = ""
    huisnummer: int | None = None
    huisletter: str = ""
    huisnummertoevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""
    identificatie: str = ""

    @classmethod
    def from_zaakobject(cls, zaakobject: dict) -> Adres:
        ident = zaakobject.get("objectIdentificatie") or {}
        huisnummer = ident.get("huisnummer")
        return cls(
            straatnaam=(ident.get("gorOpenbareRuimteNaam") or "").strip(),
            huisnummer=int(huisnummer) if huisnummer not in (None, "") else None,
            huisletter=(ident.get("huisletter") or "").strip(),
            huisnummertoevoeging=(ident.get("huisnummertoevoeging") or "").strip(),
            postcode=(ident.get("postcode") or "").replace(" ", "").upper(),
            woonplaats=(ident.get("wplWoonplaatsNaam") or "").strip(),
            identificatie=(ident.get("identificatie") or "").strip(),
        )

    @property
    def huisnummer_volledig(self) -> str:
        """House number with letter and addition as written on a letter: ``12A-2``."""
        if self.huisnummer is None:
            return ""
        text = f"{self.huisnummer}{self.huisletter}"
        if self.huisnummertoevoeging:
            text = f"{text}-{self.huisnummertoevoeging}"
        return text

    @property
    def postcode_leesbaar(self) -> str:
        """``1012JS`` as ``1012 JS``."""
        pc = self.postcode
        return f"{pc[:4]} {pc[4:]}" if len(pc) == 6 else pc

    def __str__(self) -> str:
        straat = " ".join(p for p in (self.straatnaam, self.huisnummer_volledig) if p)
        plaats = " ".join(p for p in (self.postcode_leesbaar, self.woonplaats) if p)
        return ", ".join(p for p in (straat, plaats) if p)


@dataclass(frozen=True)
class BesluitInfo:
    besluit: dict
    besluittype: dict

    @property
    def datum(self) -> date | None:
        return _date(self.besluit.get("datum"))


@dataclass(frozen=True)
class ZaakBundle:
    """A zaak with the resources a kennisgeving may use."""

    zaak: dict
    zaaktype: dict
    status: dict | None = None
    statustype: dict | None = None
    resultaat: dict | None = None
    resultaattype: dict | None = None
    adressen: tuple[Adres, ...] = ()
    besluiten: tuple[BesluitInfo, ...] = ()
    # How many HTTP requests gathering this bundle cost (catalogue cache hits excluded).
    api_calls: int = field(default=0, compare=False)

    @property
    def url(self) -> str:
        return self.zaak["url"]

    @property
    def identificatie(self) -> str:
        return self.zaak.get("identificatie", "")

    @property
    def bronorganisatie(self) -> str:
        return self.zaak.get("bronorganisatie", "")

    @property
    def zaakgeometrie(self) -> dict | None:
        return self.zaak.get("zaakgeometrie")

    @property
    def status_datum(self) -> datetime | None:
        if not self.status:
            return None
        return parse_datetime(self.status.get("datumStatusGezet") or "")

    def besluit(self, url: str) -> BesluitInfo | None:
        return next((b for b in self.besluiten if b.besluit.get("url") == url), None)


def _date(value: str | None) -> date | None:
    return parse_date(value) if value else None
