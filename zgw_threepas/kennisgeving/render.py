"""From a zaak to everything one 3PAS delivery carries: the kennisgeving room's entry point.

:func:`build_kennisgeving` takes the :class:`~zgw_threepas.collect.bundle.ZaakBundle` and the
choices a rule made, and returns the title, the plain text (for the admin and the message log),
the validated ``inhoud.xml`` and the :class:`~zgw_threepas.threepas.types.Aanlevering` for the
contract room. It does no HTTP and touches no database, so the same input always gives the same
kennisgeving; every reason not to publish is a
:class:`~zgw_threepas.kennisgeving.errors.KennisgevingError`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from zgw_threepas.collect.bundle import BesluitInfo, ZaakBundle
from zgw_threepas.constants import (
    Activiteit,
    OrganisatieType,
    Publicatieblad,
    PublicatieType,
    Rubriek,
)
from zgw_threepas.threepas.types import Aanlevering

from .context import PLACEHOLDERS, build_context
from .errors import MissingValueError, PrivacyHoldError, TemplateError, UnknownBesluitError
from .inhoud import build_inhoud_xml, validate_inhoud, zip_inhoud
from .location import gebiedsmarkeringen
from .markup import (
    blocks_to_text,
    placeholders_in,
    render_blocks,
    render_text,
    validate_template,
    validate_title,
)
from .texts import default_text


@dataclass(frozen=True)
class OrganisatieGegevens:
    """The publishing organisation, as plain values from its configuration record."""

    naam: str
    type: str  # zgw_threepas.constants.OrganisatieType value
    oin: str
    #: The gemeente the locations lie in; for a gemeente its own name when left empty.
    gemeente_naam: str = ""
    #: Publish a zaak without location with the gemeente as its location, instead of holding it.
    publiceren_zonder_locatie: bool = False


@dataclass(frozen=True)
class Kennisgeving:
    titel: str
    #: Plain text of the body: one line per line of the publication, paragraphs separated by
    #: an empty line.
    tekst: str
    inhoud_xml: bytes
    aanlevering: Aanlevering


def build_kennisgeving(
    bundle: ZaakBundle,
    *,
    publicatietype: str,
    publicatieblad: str,
    rubriek: str,
    activiteit: str = "",
    organisatie: OrganisatieGegevens,
    publicatiedatum: date,
    kenmerk: str,
    besluit_url: str | None = None,
    title_template: str | None = None,
    body_template: str | None = None,
) -> Kennisgeving:
    """Render the kennisgeving of one publication of ``bundle``.

    Without templates (``None`` or blank) the built-in text of ``publicatietype`` is used.
    ``besluit_url`` names the besluit the publication is about; without it the most recent
    besluit of the zaak is used, if there is one.

    Raises :class:`~.errors.TemplateError` for a template that cannot be rendered,
    :class:`~.errors.MissingValueError` when the text uses a value the zaak does not have,
    :class:`~.errors.InhoudInvalidError` when the result does not match the schema,
    :class:`~.errors.PrivacyHoldError` when the text contains what looks like a BSN,
    :class:`~.errors.LocationError` for an unusable zaakgeometrie,
    :class:`~.location.NoLocationError` for a zaak without location (unless the organisation
    publishes without) and
    :class:`~.errors.UnknownBesluitError` for a besluit that is not the zaak's.
    """
    publicatietype = _choice(publicatietype, PublicatieType, "publicatietype")
    publicatieblad = _choice(publicatieblad, Publicatieblad, "publicatieblad")
    rubriek = _choice(rubriek, Rubriek, "rubriek")
    activiteit = _choice(activiteit, Activiteit, "activiteit") if activiteit else ""
    organisatie_type = _choice(organisatie.type, OrganisatieType, "organisatie type")

    builtin = default_text(publicatietype)
    # A blank template field in the admin means "the built-in text", not "publish nothing".
    title_source = title_template if title_template and title_template.strip() else builtin.titel
    body_source = body_template if body_template and body_template.strip() else builtin.tekst
    errors = validate_title(title_source, PLACEHOLDERS) + validate_template(
        body_source, PLACEHOLDERS
    )
    if errors:
        raise errors[0]

    # Before the text: a zaak without location is held for that reason, even when its text
    # would also miss the address.
    gemeente = organisatie.gemeente_naam or (
        organisatie.naam if organisatie_type == OrganisatieType.gemeente else ""
    )
    markings = gebiedsmarkeringen(
        bundle, gemeente, zonder_locatie=organisatie.publiceren_zonder_locatie
    )

    besluit = _choose_besluit(bundle, besluit_url)
    context = build_context(
        bundle,
        organisatie_naam=organisatie.naam,
        organisatie_type=organisatie_type,
        publicatiedatum=publicatiedatum,
        besluit=besluit,
    )
    used = dict.fromkeys(placeholders_in(title_source) + placeholders_in(body_source))
    missing = [name for name in used if not context.get(name)]
    if missing:
        raise MissingValueError(missing)

    titel = strip_format_characters(render_text(title_source, context))
    if not titel.strip():
        raise TemplateError("the title is empty", kind="empty")
    blocks = render_blocks(body_source, context)
    for block in blocks:
        _strip_format_characters_in(block)
    tekst = blocks_to_text(blocks)
    _hold_for_bsn(
        f"{titel}\n{tekst}",
        identifiers=(context["zaak.identificatie"], context["besluit.identificatie"]),
    )

    inhoud_xml = build_inhoud_xml(titel, blocks)
    validate_inhoud(inhoud_xml)

    aanlevering = Aanlevering(
        kenmerk=kenmerk,
        titel=titel,
        organisatie_type=organisatie_type,
        organisatie_naam=organisatie.naam,
        organisatie_oin=organisatie.oin,
        publicatieblad=publicatieblad,
        publicatietype=publicatietype,
        rubriek=rubriek,
        publicatiedatum=publicatiedatum,
        inhoud_zip=zip_inhoud(inhoud_xml),
        activiteit=activiteit,
        referentienummer=bundle.identificatie,
        gebiedsmarkeringen=markings,
    )
    return Kennisgeving(titel=titel, tekst=tekst, inhoud_xml=inhoud_xml, aanlevering=aanlevering)


def _choice(value, choices, label: str) -> str:
    text = str(value.value if hasattr(value, "value") else value)
    if text not in choices.values:
        raise ValueError(f"Unknown {label}: {value!r}")
    return text


def _choose_besluit(bundle: ZaakBundle, besluit_url: str | None) -> BesluitInfo | None:
    if besluit_url:
        besluit = bundle.besluit(besluit_url)
        if besluit is None:
            raise UnknownBesluitError(besluit_url)
        return besluit
    if not bundle.besluiten:
        return None
    # The latest by date; among equal dates the one the bundle lists last.
    ordered = sorted(enumerate(bundle.besluiten), key=lambda p: (p[1].datum or date.min, p[0]))
    return ordered[-1][1]


def strip_format_characters(text: str) -> str:
    """``text`` without invisible format characters (Unicode category Cf).

    Zero-width spaces and joiners, word joiners, byte order marks, soft hyphens and direction
    marks and overrides show nothing (or reorder what is shown), so in a published text they can
    only hide something: a number split by a zero-width space reads as nine digits but is no
    run of nine characters, and a direction override shows digits in another order than they
    are stored. They are removed from the title and text before the BSN check, so the check
    sees the text as it is published, and the publication carries none of them.
    """
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def _strip_format_characters_in(element) -> None:
    for node in element.iter():
        if node.text:
            node.text = strip_format_characters(node.text)
        if node.tail:
            node.tail = strip_format_characters(node.tail)
        for name, value in node.attrib.items():
            node.attrib[name] = strip_format_characters(value)


def normalise_for_bsn_check(text: str) -> str:
    """``text`` as a reader sees its digits and separators, for :func:`find_possible_bsns`.

    Compatibility forms become plain ones (NFKC: fullwidth and circled digits become digits,
    no-break and other spaces become spaces), invisible format characters (Cf) and combining
    marks (Mn, Me) are dropped, every dash (Unicode category Pd: hyphen, non-breaking hyphen,
    en dash, em dash, ...) and the minus sign U+2212 becomes ``-``, and every space separator
    a space. So ``111222333`` with a zero-width space after its first digit is checked as
    ``111222333``, and ``111222333`` grouped with non-breaking hyphens (U+2011), en dashes or
    minus signs as ``111-222-333``.
    """
    chars = []
    for char in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(char)
        if category in ("Cf", "Mn", "Me"):
            continue
        if category == "Pd" or char == "\u2212":
            chars.append("-")
        elif category in ("Zs", "Zl", "Zp"):
            chars.append(" ")
        else:
            chars.append(char)
    return "".join(chars)


# Nine digits, written as one run, in the common groupings 4-2-3 and 3-3-3, or digit by digit,
# separated by spaces, dots or dashes (after normalise_for_bsn_check), also mixed and with
# spaces around a dot or dash ("111 - 222 - 333", "1 1 1 2 2 2 3 3 3").
_SEPARATOR = r"(?: *[.-] *| +)"
_BSN_CANDIDATE_RE = re.compile(
    rf"(?<!\d)(\d{{9}}|\d{{4}}{_SEPARATOR}\d{{2}}{_SEPARATOR}\d{{3}}"
    rf"|\d{{3}}{_SEPARATOR}\d{{3}}{_SEPARATOR}\d{{3}}"
    rf"|\d(?:{_SEPARATOR}\d){{8}})(?!\d)"
)


def passes_elfproef(digits: str) -> bool:
    """The 11-test every BSN (and every RSIN) passes: 9*d1 + 8*d2 + ... + 2*d8 - d9 is
    divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def mask_bsn(found: str) -> str:
    """``found`` (as :func:`find_possible_bsns` gives it) with only its last three digits
    shown, as long as it was written: ``111-222-333`` becomes ``********333``."""
    digits = re.sub(r"\D", "", found)
    return "*" * (len(found) - 3) + digits[-3:]


def _possible_bsns(normalised: str) -> list[re.Match]:
    """The matches in an already normalised text of numbers that could be a BSN."""
    return [
        match
        for match in _BSN_CANDIDATE_RE.finditer(normalised)
        if passes_elfproef(re.sub(r"\D", "", match.group(1)))
    ]


def find_possible_bsns(text: str) -> list[str]:
    """The numbers in ``text`` that could be a BSN, as they read after
    :func:`normalise_for_bsn_check`."""
    return [match.group(1) for match in _possible_bsns(normalise_for_bsn_check(text))]


def _hold_for_bsn(text: str, *, identifiers: tuple[str, ...]) -> None:
    # The zaak and besluit numbers are the case system's own identifiers, not personal data;
    # one of nine digits passes the 11-test by chance one time in eleven. A number is let
    # through only where it is part of such an identifier as written in the text: blanking
    # the identifiers out of the text instead would also cut a short one ("7") out of the
    # middle of a BSN.
    text = normalise_for_bsn_check(text)
    identifier_spans = []
    for identifier in identifiers:
        needle = normalise_for_bsn_check(identifier or "")
        if not needle:
            continue
        at = text.find(needle)
        while at != -1:
            identifier_spans.append((at, at + len(needle)))
            at = text.find(needle, at + 1)
    found = [
        match.group(1)
        for match in _possible_bsns(text)
        if not any(a <= match.start(1) and match.end(1) <= b for a, b in identifier_spans)
    ]
    if found:
        masked = [mask_bsn(n) for n in dict.fromkeys(found)]
        raise PrivacyHoldError(masked)
