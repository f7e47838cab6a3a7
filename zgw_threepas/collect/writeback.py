"""Telling the zaak that its kennisgeving was published ("write-back").

After a successful delivery, and only for organisations that switched it on, the zaak gets a
kenmerk with the DROP dossiernummer (bron ``DROP``), and the zaak's ``publicatiedatum`` (for a
kennisgeving about a besluit: the besluit's) is filled in when it is empty. Case workers then
see in their own system that, and when, the kennisgeving appeared.

The Zaken API 1.5.1 keeps kenmerken inside the zaak (``Zaak.kenmerken``, a list of
``{kenmerk, bron}``, each at most 40 characters); there is no kenmerken resource, so the zaak
is read and ``PATCH``-ed with the whole list, the new kenmerk added. Like every write to
``zaken`` that request carries ``Content-Crs`` and ``Accept-Crs``. Besluiten (Besluiten API
1.1.0) are ``PATCH``-ed with ``publicatiedatum`` only.

Every step reads before it writes, so running the write-back again (a redelivered task, a retry
after a timeout) adds nothing twice and never overwrites a date a case worker entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

import requests

from ..exceptions import ZGWPermanentError, ZGWTransientError
from .fetch import CRS_HEADERS, ZGWFetcher

#: The ``bron`` of the kenmerk that holds the DROP dossiernummer.
BRON_DROP = "DROP"
#: ``ZaakKenmerk.kenmerk`` and ``.bron`` are at most 40 characters (Zaken API 1.5.1).
KENMERK_MAX_LENGTH = 40

WRITE_HEADERS = {"Content-Type": "application/json"}
ZAAK_WRITE_HEADERS = {**CRS_HEADERS, "Content-Crs": "EPSG:4326", **WRITE_HEADERS}


@dataclass(frozen=True)
class Terugschrijving:
    """What a write-back changed."""

    kenmerk_toegevoegd: bool = False
    #: Whose publicatiedatum was filled in: ``"zaak"``, ``"besluit"`` or ``""`` (it had one).
    publicatiedatum_gezet: str = ""
    #: The dossiernummer does not fit in a kenmerk; nothing was written for it.
    dossiernummer_te_lang: bool = False

    @property
    def changed(self) -> bool:
        return self.kenmerk_toegevoegd or bool(self.publicatiedatum_gezet)


class ZGWWriter(ZGWFetcher):
    """A :class:`~zgw_threepas.collect.fetch.ZGWFetcher` that can also ``PATCH``."""

    def patch(self, url: str, data: dict, *, headers: dict) -> dict:
        client = self._client(url)
        self.calls += 1
        try:
            response = client.patch(url, json=data, headers=headers)
        except (requests.ConnectionError, requests.Timeout) as exc:
            # The change may or may not have been made; the next run reads before it writes.
            raise ZGWTransientError(
                _("%(error)s for PATCH %(url)s") % {"error": type(exc).__name__, "url": url},
                url=url,
            ) from exc
        except requests.RequestException as exc:
            raise ZGWPermanentError(
                _("%(error)s for PATCH %(url)s: %(detail)s")
                % {"error": type(exc).__name__, "url": url, "detail": exc},
                url=url,
            ) from exc
        return self._json(response, url)


def write_back(
    *,
    zaak_url: str,
    dossiernummer: str,
    publicatiedatum: date,
    besluit_url: str = "",
    writer: ZGWWriter | None = None,
) -> Terugschrijving:
    """Record a delivered kennisgeving in the zaak (and besluit) it is about.

    Raises :class:`~zgw_threepas.exceptions.ZGWTransientError` when an API could not be
    reached (trying again is safe) and :class:`~zgw_threepas.exceptions.ZGWPermanentError`
    when it refused (for example: the credentials lack the scope ``zaken.bijwerken``).
    """
    writer = writer or ZGWWriter()
    datum = publicatiedatum.isoformat()

    zaak = writer.get(zaak_url, headers=CRS_HEADERS)
    changes: dict = {}
    te_lang = len(dossiernummer) > KENMERK_MAX_LENGTH
    kenmerken = [
        {"kenmerk": k.get("kenmerk", ""), "bron": k.get("bron", "")}
        for k in zaak.get("kenmerken") or []
    ]
    nieuw = {"kenmerk": dossiernummer, "bron": BRON_DROP}
    if dossiernummer and not te_lang and nieuw not in kenmerken:
        changes["kenmerken"] = [*kenmerken, nieuw]
    gezet = ""
    if not besluit_url and not zaak.get("publicatiedatum"):
        changes["publicatiedatum"] = datum
        gezet = "zaak"
    if changes:
        writer.patch(zaak_url, changes, headers=ZAAK_WRITE_HEADERS)
        if "kenmerken" in changes:
            # The Zaken API replaces the whole list: a change made between our read and our
            # write (a case worker's kenmerk, another installation) can take ours out again.
            # Read it back, so that a lost kenmerk is tried again rather than reported added.
            stored = writer.get(zaak_url, headers=CRS_HEADERS)
            if nieuw not in [
                {"kenmerk": k.get("kenmerk", ""), "bron": k.get("bron", "")}
                for k in stored.get("kenmerken") or []
            ]:
                raise ZGWTransientError(
                    _(
                        "the kenmerk %(kenmerk)s was not in the zaak after it was written; "
                        "the zaak was changed at the same moment"
                    )
                    % {"kenmerk": dossiernummer},
                    url=zaak_url,
                )

    if besluit_url:
        besluit = writer.get(besluit_url)
        if not besluit.get("publicatiedatum"):
            writer.patch(besluit_url, {"publicatiedatum": datum}, headers=WRITE_HEADERS)
            gezet = "besluit"

    return Terugschrijving(
        kenmerk_toegevoegd="kenmerken" in changes,
        publicatiedatum_gezet=gezet,
        dossiernummer_te_lang=te_lang,
    )
