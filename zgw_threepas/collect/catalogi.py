"""What the configured Catalogi APIs offer, for choosing and checking publication rules.

The rule admin lists the zaaktypen to pick from and checks that a rule's statustype,
besluittype or resultaattype exists in its zaaktype. A rule applies to every version of a
zaaktype (it is matched by ``identificatie``), so the listings cover every version, concept
versions included: an administrator may prepare a rule before the version is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zgw_consumers.constants import APITypes
from zgw_consumers.models import Service

from ..exceptions import ZGWPermanentError
from .fetch import CRS_HEADERS, ZGWFetcher

__all__ = [
    "ZaaktypeSummary",
    "besluittypen_of",
    "find_zaak_urls",
    "list_zaaktypen",
    "resultaattypen_of",
    "statustypen_of",
    "zaaktype_versions",
]

ALL_VERSIONS = {"status": "alles"}


@dataclass(frozen=True)
class ZaaktypeSummary:
    """A zaaktype as a rule sees it: one identificatie, however many versions."""

    identificatie: str
    omschrijving: str
    #: URLs of every version, newest first.
    versions: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return (
            f"{self.identificatie} – {self.omschrijving}"
            if self.omschrijving
            else self.identificatie
        )


def _catalogi_roots() -> list[str]:
    roots = list(
        Service.objects.filter(api_type=APITypes.ztc)
        .order_by("pk")
        .values_list("api_root", flat=True)
    )
    if not roots:
        raise ZGWPermanentError(
            _("No Catalogi API service (type ZTC) is configured; zaaktypen cannot be looked up.")
        )
    return [root if root.endswith("/") else f"{root}/" for root in roots]


def _newest_first(versions: list[dict]) -> list[dict]:
    return sorted(
        versions,
        key=lambda z: (z.get("beginGeldigheid") or "", z.get("versiedatum") or ""),
        reverse=True,
    )


def list_zaaktypen(fetcher: ZGWFetcher | None = None) -> list[ZaaktypeSummary]:
    """Every zaaktype of every configured Catalogi API, by identificatie, sorted.

    The omschrijving shown is that of the newest version.
    """
    fetcher = fetcher or ZGWFetcher()
    by_identificatie: dict[str, list[dict]] = {}
    for root in _catalogi_roots():
        for zaaktype in fetcher.list_all(f"{root}zaaktypen", ALL_VERSIONS):
            identificatie = (zaaktype.get("identificatie") or "").strip()
            if identificatie:
                by_identificatie.setdefault(identificatie, []).append(zaaktype)
    summaries = []
    for identificatie, versions in by_identificatie.items():
        ordered = _newest_first(versions)
        summaries.append(
            ZaaktypeSummary(
                identificatie=identificatie,
                omschrijving=(ordered[0].get("omschrijving") or "").strip(),
                versions=tuple(v["url"] for v in ordered),
            )
        )
    return sorted(summaries, key=lambda s: (s.identificatie.casefold(), s.identificatie))


def zaaktype_versions(identificatie: str, fetcher: ZGWFetcher | None = None) -> list[dict]:
    """Every version of the zaaktype ``identificatie``, newest first; empty when unknown."""
    fetcher = fetcher or ZGWFetcher()
    versions = []
    for root in _catalogi_roots():
        versions.extend(
            fetcher.list_all(f"{root}zaaktypen", {"identificatie": identificatie, **ALL_VERSIONS})
        )
    # The filter is exact in the spec; the check guards against an API that matches loosely.
    return _newest_first([v for v in versions if v.get("identificatie") == identificatie])


def _types_of(collection: str, identificatie: str, fetcher: ZGWFetcher) -> list[dict]:
    found = []
    for root in _catalogi_roots():
        found.extend(
            fetcher.list_all(
                f"{root}{collection}", {"zaaktypeIdentificatie": identificatie, **ALL_VERSIONS}
            )
        )
    return found


def statustypen_of(identificatie: str, fetcher: ZGWFetcher | None = None) -> list[dict]:
    """The statustypen of every version of the zaaktype ``identificatie``."""
    return _types_of("statustypen", identificatie, fetcher or ZGWFetcher())


def resultaattypen_of(identificatie: str, fetcher: ZGWFetcher | None = None) -> list[dict]:
    """The resultaattypen of every version of the zaaktype ``identificatie``."""
    return _types_of("resultaattypen", identificatie, fetcher or ZGWFetcher())


def besluittypen_of(
    identificatie: str, fetcher: ZGWFetcher | None = None, versions: list[dict] | None = None
) -> list[dict]:
    """The besluittypen any version of the zaaktype ``identificatie`` allows."""
    fetcher = fetcher or ZGWFetcher()
    if versions is None:
        versions = zaaktype_versions(identificatie, fetcher)
    urls = dict.fromkeys(url for version in versions for url in version.get("besluittypen") or [])
    return [fetcher.catalogue.get(url) for url in urls]


def find_zaak_urls(identificatie: str, fetcher: ZGWFetcher | None = None) -> list[str]:
    """The URLs of the zaken with ``identificatie`` in the configured Zaken APIs.

    An identificatie is unique per bronorganisatie only, so more than one zaak may answer.
    """
    fetcher = fetcher or ZGWFetcher()
    roots = list(
        Service.objects.filter(api_type=APITypes.zrc)
        .order_by("pk")
        .values_list("api_root", flat=True)
    )
    if not roots:
        raise ZGWPermanentError(
            _("No Zaken API service (type ZRC) is configured; zaken cannot be looked up.")
        )
    urls = []
    for root in roots:
        root = root if root.endswith("/") else f"{root}/"
        page = fetcher.get(
            f"{root}zaken", params={"identificatie": identificatie}, headers=CRS_HEADERS
        )
        urls.extend(z["url"] for z in page.get("results", []) if z.get("url"))
    return urls
