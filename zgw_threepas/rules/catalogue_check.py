"""Checking a rule against the live Catalogi API before it is saved.

A rule that names a zaaktype, statustype, besluittype or resultaattype the catalogue does not
have would wait forever for an event that never comes. The admin refuses to save it and says
what the catalogue does have, so the administrator can correct the rule.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..collect.catalogi import (
    besluittypen_of,
    resultaattypen_of,
    statustypen_of,
    zaaktype_versions,
)
from ..collect.fetch import ZGWFetcher
from ..constants import Trigger
from ..exceptions import ZGWError
from ..models import PublicatieRegel
from .matching import rule_matches

#: The key of problems that belong to no single field: the check itself could not be made.
NON_FIELD = None


def _status_label(statustype: dict) -> str:
    volgnummer = statustype.get("volgnummer")
    omschrijving = statustype.get("omschrijving", "")
    return f"{volgnummer}. {omschrijving}" if volgnummer is not None else omschrijving


def _listing(types: list[dict], label=lambda t: t.get("omschrijving", "")) -> str:
    labels = sorted(dict.fromkeys(label(t) for t in types if label(t)), key=str.casefold)
    return ", ".join(f"'{name}'" for name in labels) if labels else _("none")


def catalogue_problems(
    regel: PublicatieRegel, fetcher: ZGWFetcher | None = None
) -> dict[str | None, list[str]]:
    """Why ``regel`` cannot work with the catalogue as it is, per form field.

    The key ``None`` holds problems of the check itself (the Catalogi API could not be asked).
    An empty dictionary means the rule can work.
    """
    fetcher = fetcher or ZGWFetcher()
    identificatie = regel.zaaktype_identificatie
    try:
        versions = zaaktype_versions(identificatie, fetcher)
        if not versions:
            return {
                "zaaktype_identificatie": [
                    _(
                        "The Catalogi API has no zaaktype with identificatie '%(identificatie)s'. "
                        "Pick a zaaktype from the list."
                    )
                    % {"identificatie": identificatie}
                ]
            }
        if regel.trigger == Trigger.status:
            return _check_status(regel, statustypen_of(identificatie, fetcher))
        if regel.trigger == Trigger.besluit:
            return _check_type(
                regel,
                besluittypen_of(identificatie, fetcher, versions=versions),
                field="besluittype_omschrijving",
                wanted=regel.besluittype_omschrijving,
                kind=_("besluittype"),
                kinds=_("besluittypen"),
                kwarg="besluittype",
            )
        if regel.trigger == Trigger.resultaat:
            return _check_type(
                regel,
                resultaattypen_of(identificatie, fetcher),
                field="resultaattype_omschrijving",
                wanted=regel.resultaattype_omschrijving,
                kind=_("resultaattype"),
                kinds=_("resultaattypen"),
                kwarg="resultaattype",
            )
    except ZGWError as exc:
        return {
            NON_FIELD: [
                _(
                    "The Catalogi API could not be asked whether this rule can work, so it has "
                    "not been saved (%(detail)s). Check that the Catalogi API is running and "
                    "that its service under Services points to it, then save again."
                )
                % {"detail": exc.message}
            ]
        }
    return {}


def _check_status(regel: PublicatieRegel, statustypen: list[dict]) -> dict:
    if any(rule_matches(regel, statustype=statustype) for statustype in statustypen):
        return {}
    wanted = []
    if regel.statustype_omschrijving:
        wanted.append(_("omschrijving '%(value)s'") % {"value": regel.statustype_omschrijving})
    if regel.statustype_volgnummer is not None:
        wanted.append(_("volgnummer %(value)s") % {"value": regel.statustype_volgnummer})
    field = "statustype_omschrijving" if regel.statustype_omschrijving else "statustype_volgnummer"
    return {
        field: [
            _(
                "The zaaktype %(zaaktype)s has no statustype with %(wanted)s. Its statustypen "
                "are: %(available)s."
            )
            % {
                "zaaktype": regel.zaaktype_identificatie,
                "wanted": _(" and ").join(wanted),
                "available": _listing(statustypen, _status_label),
            }
        ]
    }


def _check_type(
    regel: PublicatieRegel,
    types: list[dict],
    *,
    field: str,
    wanted: str,
    kind: str,
    kinds: str,
    kwarg: str,
) -> dict:
    if any(rule_matches(regel, **{kwarg: candidate}) for candidate in types):
        return {}
    return {
        field: [
            _(
                "The zaaktype %(zaaktype)s has no %(kind)s '%(wanted)s'. Its %(kinds)s are: "
                "%(available)s."
            )
            % {
                "zaaktype": regel.zaaktype_identificatie,
                "kind": kind,
                "kinds": kinds,
                "wanted": wanted,
                "available": _listing(types),
            }
        ]
    }
