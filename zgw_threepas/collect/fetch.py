"""Fetching a zaak and what a kennisgeving needs from the ZGW APIs, in as few calls as allowed.

One expanded ``GET`` of the zaak brings its status with statustype, zaaktype, resultaat with
resultaattype and zaakobjecten. Besluiten are fetched only when a publication needs them (the
Besluiten API has no ``expand``), besluittypen and other catalogue resources come from the
cache (:mod:`.catalogue`). Rollen are never fetched.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

import requests
from ape_pie import APIClient
from zgw_consumers.client import build_client
from zgw_consumers.models import Service

from ..exceptions import ZGWError, ZGWPermanentError, ZGWServiceMissing, ZGWTransientError
from .bundle import Adres, BesluitInfo, ZaakBundle
from .catalogue import CatalogueCache

ZAAK_EXPAND = (
    "status",
    "status.statustype",
    "zaaktype",
    "resultaat",
    "resultaat.resultaattype",
    "zaakobjecten",
)
CRS_HEADERS = {"Accept-Crs": "EPSG:4326"}


class ZGWFetcher:
    """Reads ZGW resources through the configured zgw-consumers services.

    A fetcher lives for one unit of work: it builds one client per service and counts the
    HTTP requests it makes, so the cost of a publication can be measured.
    """

    def __init__(self, catalogue: CatalogueCache | None = None):
        self._clients: dict[int, APIClient] = {}
        self.calls = 0
        self.catalogue = catalogue or CatalogueCache(self)

    def _client(self, url: str) -> APIClient:
        service = Service.get_service(url)
        if service is None:
            raise ZGWServiceMissing(
                _(
                    "No service is configured for %(url)s. Add a service whose API root this "
                    "URL starts with."
                )
                % {"url": url},
                url=url,
            )
        if service.pk not in self._clients:
            self._clients[service.pk] = build_client(service, client_factory=APIClient)
        return self._clients[service.pk]

    def get(self, url: str, *, params: dict | None = None, headers: dict | None = None) -> dict:
        client = self._client(url)
        self.calls += 1
        try:
            response = client.get(url, params=params, headers=headers)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise ZGWTransientError(
                _("%(error)s for %(url)s") % {"error": type(exc).__name__, "url": url}, url=url
            ) from exc
        except requests.RequestException as exc:
            raise ZGWPermanentError(
                _("%(error)s for %(url)s: %(detail)s")
                % {"error": type(exc).__name__, "url": url, "detail": exc},
                url=url,
            ) from exc
        return self._json(response, url)

    @staticmethod
    def _json(response: requests.Response, url: str) -> dict:
        status = response.status_code
        if status >= 500 or status in (408, 429):
            raise ZGWTransientError(
                _("HTTP %(status)s for %(url)s") % {"status": status, "url": url},
                url=url,
                status=status,
            )
        if status in (404, 410):
            raise ZGWPermanentError(
                _("%(url)s does not exist (HTTP %(status)s); it may have been deleted.")
                % {"url": url, "status": status},
                url=url,
                status=status,
            )
        if status in (401, 403):
            raise ZGWPermanentError(
                _(
                    "HTTP %(status)s for %(url)s: the credentials of the service are refused or "
                    "lack the authorisation (scopes, zaaktypen, vertrouwelijkheidaanduiding)."
                )
                % {"status": status, "url": url},
                url=url,
                status=status,
            )
        if status >= 400:
            raise ZGWPermanentError(
                _("HTTP %(status)s for %(url)s: %(detail)s")
                % {"status": status, "url": url, "detail": response.text[:300]},
                url=url,
                status=status,
            )
        try:
            return response.json()
        except ValueError as exc:
            raise ZGWPermanentError(
                _("%(url)s did not answer JSON: %(detail)s")
                % {"url": url, "detail": repr(response.text[:200])},
                url=url,
                status=status,
            ) from exc

    def list_all(self, url: str, params: dict) -> list[dict]:
        results: list[dict] = []
        page = self.get(url, params=params)
        while True:
            results.extend(page.get("results", []))
            next_url = page.get("next")
            if not next_url:
                return results
            page = self.get(next_url)

    # Resources -------------------------------------------------------------------------

    def zaak_expanded(self, zaak_url: str) -> dict:
        return self.get(zaak_url, params={"expand": ",".join(ZAAK_EXPAND)}, headers=CRS_HEADERS)

    def besluit(self, besluit_url: str) -> dict:
        return self.get(besluit_url)

    def besluiten_for(self, zaak_url: str) -> list[dict]:
        besluiten_root = _besluiten_root(zaak_url)
        return self.list_all(f"{besluiten_root}besluiten", {"zaak": zaak_url})

    def status(self, status_url: str) -> dict:
        return self.get(status_url)


def _besluiten_root(zaak_url: str) -> str:
    """The Besluiten API that keeps the besluiten of a zaak.

    A configured service of type BRC is used; with several, the one on the zaak's host wins.
    """
    services = list(Service.objects.filter(api_type="brc").order_by("pk"))
    if not services:
        raise ZGWPermanentError(
            _("No Besluiten API service (type BRC) is configured; besluiten cannot be fetched.")
        )
    host = zaak_url.split("/")[2] if "//" in zaak_url else ""
    for service in services:
        if host and host in service.api_root:
            return service.api_root
    return services[0].api_root


def collect_zaak_bundle(
    zaak_url: str,
    *,
    status_url: str | None = None,
    fetcher: ZGWFetcher | None = None,
) -> ZaakBundle:
    """Gather a :class:`ZaakBundle` for ``zaak_url``.

    :param status_url: the status a notification was about. When the zaak has moved on since,
        that status (not the zaak's current one) is the one the bundle holds.

    Besluiten are not fetched here; :func:`add_besluiten` adds them when a publication needs
    them.
    """
    fetcher = fetcher or ZGWFetcher()
    zaak = fetcher.zaak_expanded(zaak_url)
    expanded = zaak.pop("_expand", {}) or {}

    zaaktype = expanded.get("zaaktype") or fetcher.catalogue.get(zaak["zaaktype"])
    status = expanded.get("status")
    if status_url and (not status or status.get("url") != status_url):
        status = fetcher.status(status_url)
    statustype = None
    if status:
        status = dict(status)
        statustype = (status.pop("_expand", {}) or {}).get("statustype")
        if not statustype and status.get("statustype"):
            statustype = fetcher.catalogue.get(status["statustype"])

    resultaat = expanded.get("resultaat")
    resultaattype = None
    if resultaat:
        resultaat = dict(resultaat)
        resultaattype = (resultaat.pop("_expand", {}) or {}).get("resultaattype")
        if not resultaattype and resultaat.get("resultaattype"):
            resultaattype = fetcher.catalogue.get(resultaat["resultaattype"])

    zaakobjecten = expanded.get("zaakobjecten")
    if zaakobjecten is None and zaak.get("zaakobjecten"):
        # An API that ignores expand: fall back to one list call.
        zaakobjecten = fetcher.list_all(
            zaak_url.rsplit("/zaken/", 1)[0] + "/zaakobjecten", {"zaak": zaak_url}
        )
    adressen = tuple(
        Adres.from_zaakobject(zo)
        for zo in (zaakobjecten or [])
        if zo.get("objectType") == "adres" and zo.get("objectIdentificatie")
    )

    return ZaakBundle(
        zaak=zaak,
        zaaktype=zaaktype,
        status=status,
        statustype=statustype,
        resultaat=resultaat,
        resultaattype=resultaattype,
        adressen=adressen,
        api_calls=fetcher.calls,
    )


def add_besluiten(
    bundle: ZaakBundle, fetcher: ZGWFetcher, *, besluit: dict | None = None
) -> ZaakBundle:
    """The bundle with besluiten: ``besluit`` alone when the caller has it already (a besluit
    notification), else every besluit of the zaak (one list call)."""
    besluiten = [besluit] if besluit is not None else fetcher.besluiten_for(bundle.url)
    infos = tuple(
        BesluitInfo(besluit=b, besluittype=fetcher.catalogue.get(b["besluittype"]))
        for b in sorted(besluiten, key=lambda b: (b.get("datum") or "", b.get("url", "")))
    )
    return replace(bundle, besluiten=infos, api_calls=fetcher.calls)


__all__ = ["ZGWError", "ZGWFetcher", "add_besluiten", "collect_zaak_bundle"]
