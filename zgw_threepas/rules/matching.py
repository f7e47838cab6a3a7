"""Matching an event (a status reached, a besluit taken) to the rules that want a publication.

Matching is split in two so that the ZGW APIs are asked only for what is needed: the rules are
found from the zaaktype and the status- or besluittype alone, and only when a rule matches are
the besluiten fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..constants import PublicatieType, Trigger
from ..models import PublicatieRegel

#: Publicatietypen whose text is about a besluit, so the zaak's besluiten must be fetched.
NEEDS_BESLUIT = frozenset(
    {PublicatieType.ontwerpbesluit, PublicatieType.besluit, PublicatieType.intrekking}
)


@dataclass(frozen=True)
class Event:
    """What a notification says happened."""

    trigger: str  # Trigger value
    zaak_url: str
    status_url: str = ""
    besluit_url: str = ""

    @property
    def trigger_url(self) -> str:
        return self.status_url or self.besluit_url


@dataclass(frozen=True)
class PublicatieIntent:
    """One kennisgeving a rule asks for: the rule and the blad it goes to."""

    regel: PublicatieRegel
    publicatieblad: str

    @property
    def publicatietype(self) -> str:
        return self.regel.publicatietype


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def matching_rules(
    event: Event,
    *,
    zaaktype: dict,
    statustype: dict | None = None,
    besluittype: dict | None = None,
) -> list[PublicatieRegel]:
    rules = PublicatieRegel.objects.for_zaaktype(zaaktype.get("identificatie", "")).filter(
        trigger=event.trigger
    )
    if event.trigger == Trigger.status:
        omschrijving = (statustype or {}).get("omschrijving", "")
        return [r for r in rules if _same(r.statustype_omschrijving, omschrijving)]
    omschrijving = (besluittype or {}).get("omschrijving", "")
    return [r for r in rules if _same(r.besluittype_omschrijving, omschrijving)]


def intents_for(rules: list[PublicatieRegel], default_blad: str) -> list[PublicatieIntent]:
    return [
        PublicatieIntent(regel=rule, publicatieblad=blad)
        for rule in rules
        for blad in rule.bladen_for(default_blad)
    ]


def needs_besluiten(rules: list[PublicatieRegel]) -> bool:
    return any(rule.publicatietype in NEEDS_BESLUIT for rule in rules)
