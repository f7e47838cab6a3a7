"""Which text a kennisgeving is written in, and whether a text can work at all.

The text of a publication comes from the first of these that exists:

1. the rule's own title and text (a rule belongs to one zaaktype);
2. the organisation's default text (:class:`~zgw_threepas.models.Sjabloon`) for the
   publicatietype, one for the rule's procedure before one for every procedure;
3. the built-in text of the publicatietype and procedure
   (:mod:`zgw_threepas.kennisgeving.texts`).

A title and a text always come from the same place, so a kennisgeving never mixes the wording
of two authors. The admin shows the outcome per organisation (:func:`text_chain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..constants import PublicatieType, Trigger
from ..kennisgeving.context import PLACEHOLDERS
from ..kennisgeving.markup import placeholders_in, validate_template, validate_title
from ..kennisgeving.render import find_possible_bsns, mask_bsn
from ..kennisgeving.texts import default_text
from ..models import Organisatie, PublicatieRegel, Sjabloon

#: Publicatietypen whose text is about a besluit, so the zaak's besluiten must be fetched.
NEEDS_BESLUIT = frozenset(
    {PublicatieType.ontwerpbesluit, PublicatieType.besluit, PublicatieType.intrekking}
)

#: Placeholders that only have a value when the kennisgeving is about a besluit.
BESLUIT_PLACEHOLDERS = frozenset(
    name
    for name in PLACEHOLDERS
    if name.startswith(("besluit.", "besluittype.")) or name == "reactie_einddatum"
)

SOURCE_RULE = "regel"
SOURCE_ORGANISATION = "organisatie"
SOURCE_BUILT_IN = "ingebouwd"


def about_besluit(publicatietype: str, trigger: str | None) -> bool:
    return publicatietype in NEEDS_BESLUIT or trigger == Trigger.besluit


@dataclass(frozen=True)
class ChosenText:
    """The title and text a publication will use, and where they come from."""

    titel: str
    tekst: str
    bron: str
    sjabloon: Sjabloon | None = None

    def describe(self) -> str:
        if self.bron == SOURCE_RULE:
            return _("the rule's own text")
        if self.bron == SOURCE_ORGANISATION:
            return _("the default text of %(organisatie)s (%(sjabloon)s)") % {
                "organisatie": self.sjabloon.organisatie,
                "sjabloon": self.sjabloon.get_publicatietype_display()
                + (f", {self.sjabloon.get_procedure_display()}" if self.sjabloon.procedure else ""),
            }
        return _("the built-in text")


def organisation_default(
    organisatie: Organisatie | None, publicatietype: str, procedure: str
) -> Sjabloon | None:
    """The organisation's default text for ``publicatietype``; a procedure's own text first."""
    if organisatie is None or organisatie.pk is None:
        return None
    candidates = Sjabloon.objects.filter(
        organisatie=organisatie, publicatietype=publicatietype, procedure__in=[procedure, ""]
    )
    # The empty procedure sorts first; the exact one should win.
    return max(candidates, key=lambda s: s.procedure == procedure, default=None)


def text_for(regel: PublicatieRegel, organisatie: Organisatie | None) -> ChosenText:
    """The text a publication of ``regel`` for a zaak of ``organisatie`` is written in."""
    if regel.heeft_eigen_tekst:
        return ChosenText(regel.titel_sjabloon, regel.tekst_sjabloon, SOURCE_RULE)
    sjabloon = organisation_default(organisatie, regel.publicatietype, regel.procedure)
    if sjabloon is not None:
        return ChosenText(sjabloon.titel, sjabloon.tekst, SOURCE_ORGANISATION, sjabloon)
    builtin = default_text(regel.publicatietype, regel.procedure)
    return ChosenText(builtin.titel, builtin.tekst, SOURCE_BUILT_IN)


def text_chain(regel: PublicatieRegel) -> list[tuple[Organisatie | None, ChosenText]]:
    """For each organisation, the text ``regel`` would use; ``None`` stands for the others."""
    chain: list[tuple[Organisatie | None, ChosenText]] = [
        (organisatie, text_for(regel, organisatie))
        for organisatie in Organisatie.objects.order_by("naam")
    ]
    if not chain or regel.heeft_eigen_tekst:
        # With its own text the rule reads the same for every organisation.
        return [(None, text_for(regel, None))]
    return chain


_LINE_PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")
_ANY_PLACEHOLDER_RE = re.compile(r"\{\{.*?\}\}")


def template_problems(
    titel: str,
    tekst: str,
    *,
    publicatietype: str,
    trigger: str | None,
    fields: tuple[str, str] = ("titel", "tekst"),
) -> dict[str, list[str]]:
    """Every reason ``titel`` and ``tekst`` cannot be published, per field, in plain words.

    Besides the markup and placeholder checks of the kennisgeving room, a text may not use a
    besluit's values when the kennisgeving is not about a besluit: they would always be empty,
    and the publication would be held every time.
    """
    problems: dict[str, list[str]] = {}
    for field, source, errors in (
        (fields[0], titel, validate_title(titel, PLACEHOLDERS)),
        (fields[1], tekst, validate_template(tekst, PLACEHOLDERS)),
    ):
        messages = [error.user_message() for error in errors]
        messages.extend(_bsn_problems(source))
        if not about_besluit(publicatietype, trigger):
            messages.extend(_besluit_value_problems(source, publicatietype))
        if messages:
            problems[field] = messages
    return problems


def _bsn_problems(source: str) -> list[str]:
    """A number in the text itself that could be a BSN would hold every publication of it."""
    messages = []
    for number, line in enumerate(source.replace("\r\n", "\n").split("\n"), start=1):
        for found in dict.fromkeys(find_possible_bsns(_ANY_PLACEHOLDER_RE.sub(" ", line))):
            messages.append(
                _(
                    "Line %(line)s holds the number %(number)s, which could be a citizen "
                    "service number (BSN). A kennisgeving that holds one is never published, "
                    "so every publication with this text would be held. Remove the number."
                )
                % {"line": number, "number": mask_bsn(found)}
            )
    return messages


def _besluit_value_problems(source: str, publicatietype: str) -> list[str]:
    if not BESLUIT_PLACEHOLDERS & set(placeholders_in(source)):
        return []
    messages = []
    for number, line in enumerate(source.replace("\r\n", "\n").split("\n"), start=1):
        for name in dict.fromkeys(_LINE_PLACEHOLDER_RE.findall(line)):
            if name in BESLUIT_PLACEHOLDERS:
                messages.append(
                    _(
                        "Line %(line)s uses {{ %(name)s }}, but a kennisgeving of the type "
                        "'%(type)s' is not about a besluit, so it never has a value. Remove it, "
                        "or choose a publicatietype about a besluit."
                    )
                    % {
                        "line": number,
                        "name": name,
                        "type": PublicatieType(publicatietype).label
                        if publicatietype in PublicatieType.values
                        else publicatietype,
                    }
                )
    return messages
