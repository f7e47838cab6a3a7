"""Matching an event (a status reached, a besluit taken, a resultaat set) to the rules that want
a publication.

Matching is split in two so that the ZGW APIs are asked only for what is needed: the rules are
found from the zaaktype and the status-, besluit- or resultaattype alone, and only when a rule
matches are the besluiten fetched. Whether a matching rule's conditions hold for the zaak is
:mod:`.conditions`' question, asked once the zaak is known.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..constants import Trigger
from ..models import PublicatieRegel
from .texts import NEEDS_BESLUIT

__all__ = [
    "NEEDS_BESLUIT",
    "Event",
    "PublicatieIntent",
    "intents_for",
    "matching_rules",
    "needs_besluiten",
    "rule_matches",
]


@dataclass(frozen=True)
class Event:
    """What a notification says happened."""

    trigger: str  # Trigger value
    zaak_url: str
    status_url: str = ""
    besluit_url: str = ""
    resultaat_url: str = ""

    @property
    def trigger_url(self) -> str:
        return self.status_url or self.besluit_url or self.resultaat_url


@dataclass(frozen=True)
class PublicatieIntent:
    """One kennisgeving a rule asks for: the rule and the blad it goes to."""

    regel: PublicatieRegel
    publicatieblad: str

    @property
    def publicatietype(self) -> str:
        return self.regel.publicatietype


def _same(a: str, b: str) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def rule_matches(
    rule: PublicatieRegel,
    *,
    statustype: dict | None = None,
    besluittype: dict | None = None,
    resultaattype: dict | None = None,
) -> bool:
    """Whether the status-, besluit- or resultaattype of an event is the one ``rule`` names."""
    if rule.trigger == Trigger.status:
        statustype = statustype or {}
        if not (rule.statustype_omschrijving or rule.statustype_volgnummer is not None):
            return False
        if rule.statustype_omschrijving and not _same(
            rule.statustype_omschrijving, statustype.get("omschrijving", "")
        ):
            return False
        return (
            rule.statustype_volgnummer is None
            or statustype.get("volgnummer") == rule.statustype_volgnummer
        )
    if rule.trigger == Trigger.besluit:
        return bool(rule.besluittype_omschrijving) and _same(
            rule.besluittype_omschrijving, (besluittype or {}).get("omschrijving", "")
        )
    if rule.trigger == Trigger.resultaat:
        return bool(rule.resultaattype_omschrijving) and _same(
            rule.resultaattype_omschrijving, (resultaattype or {}).get("omschrijving", "")
        )
    return False


def matching_rules(
    event: Event,
    *,
    zaaktype: dict,
    statustype: dict | None = None,
    besluittype: dict | None = None,
    resultaattype: dict | None = None,
) -> list[PublicatieRegel]:
    rules = PublicatieRegel.objects.for_zaaktype(zaaktype.get("identificatie", "")).filter(
        trigger=event.trigger
    )
    return [
        rule
        for rule in rules
        if rule_matches(
            rule, statustype=statustype, besluittype=besluittype, resultaattype=resultaattype
        )
    ]


def intents_for(rules: list[PublicatieRegel]) -> list[PublicatieIntent]:
    """One intent per rule and blad; a rule without blad only prepares in DROP."""
    return [
        PublicatieIntent(regel=rule, publicatieblad=blad)
        for rule in rules
        for blad in rule.bladen()
    ]


def needs_besluiten(rules: list[PublicatieRegel]) -> bool:
    return any(rule.publicatietype in NEEDS_BESLUIT for rule in rules)
