"""The built-in kennisgeving texts, one per publicatietype.

They follow the shape of the plain-language model kennisgevingen of the Ministry of the
Interior: a title saying what and where, then short sections under a bold question: what
happened, why we publish it, what comes next or what was decided, how to see the documents,
whether and until when one can react, and whom to ask. The wording is our own. There are no
official models for extension, suspension and withdrawal; those texts use the same shape.

The application and the decision read differently in the two preparation procedures of the
Awb: in the regular one a decision follows directly and one objects with the authority
(bezwaar); in the extended one (afdeling 3.4 Awb) a draft decision is laid open first, and the
decision can only be appealed at the court (beroep), in principle only by those who reacted to
the draft. :data:`PROCEDURE_TEXTS` holds those variants; :func:`default_text` picks one.

The texts speak as "wij": the publication itself carries the name of the organisation. They use
only values a zaak of that kind normally has, because a text that uses an empty value is held
(:class:`~zgw_threepas.kennisgeving.errors.MissingValueError`) instead of published with a gap.
An organisation with other wording (a telephone number, a website, beroep instead of bezwaar)
configures its own text.
"""

from __future__ import annotations

from dataclasses import dataclass

from zgw_threepas.constants import Procedure, PublicatieType


@dataclass(frozen=True)
class DefaultText:
    titel: str
    tekst: str


_WAAR = "{{ adres.straat }} {{ adres.huisnummer }} in {{ adres.woonplaats }}"

_AANVRAAG_GEGEVENS = """\
Op {{ zaak.startdatum }} hebben wij een aanvraag ontvangen voor: {{ zaak.omschrijving }}.
Adres: {{ adres }}.
Zaaknummer: {{ zaak.identificatie }}."""

_NOG_GEEN_BEZWAAR = """\
**Kunt u nu al reageren?**
Nee. Bezwaar maken kan pas als er een besluit is. In de bekendmaking van het besluit staat \
hoe en tot wanneer dat kan."""

_VRAGEN = """\
**Heeft u een vraag?**
Neem contact op met {{ organisatie.naam_voluit }}. Noem daarbij het zaaknummer \
{{ zaak.identificatie }}."""


DEFAULT_TEXTS: dict[str, DefaultText] = {
    PublicatieType.aanvraag.value: DefaultText(
        titel=f"Aanvraag ontvangen: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Wat is er aangevraagd?**
{_AANVRAAG_GEGEVENS}

**Waarom maken wij dit bekend?**
Wij laten iedereen zo vroeg mogelijk weten welke aanvragen wij ontvangen. Over deze aanvraag \
is nog niet beslist.

**Wanneer wordt er beslist?**
Wij beslissen uiterlijk op {{{{ zaak.uiterlijke_einddatum_afdoening }}}}. Ook dat besluit \
maken wij bekend.

{_NOG_GEEN_BEZWAAR}

**Wilt u de aanvraag inzien of heeft u een vraag?**
Neem contact op met {{{{ organisatie.naam_voluit }}}}. Noem daarbij het zaaknummer \
{{{{ zaak.identificatie }}}}.
""",
    ),
    PublicatieType.ontwerpbesluit.value: DefaultText(
        titel=f"Ontwerpbesluit: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Waar gaat het om?**
Wij hebben een aanvraag ontvangen voor: {{{{ zaak.omschrijving }}}}.
Adres: {{{{ adres }}}}.
Zaaknummer: {{{{ zaak.identificatie }}}}.

**Wat is een ontwerpbesluit?**
Wij zijn van plan over deze aanvraag te beslissen. Dat voorgenomen besluit heet een \
ontwerpbesluit. Voordat wij definitief beslissen, kan iedereen erop reageren.

**Hoe kunt u de stukken inzien?**
Het ontwerpbesluit en de stukken die erbij horen liggen vanaf {{{{ publicatiedatum }}}} zes \
weken ter inzage. Neem contact op met {{{{ organisatie.naam_voluit }}}} om ze in te zien.

**Kunt u reageren?**
Ja. Iedereen kan tot en met {{{{ zienswijze_einddatum }}}} een zienswijze geven: een reactie \
op het ontwerpbesluit. Dat kan schriftelijk of mondeling. Noem daarbij het zaaknummer \
{{{{ zaak.identificatie }}}} en leg uit waarom u het wel of niet eens bent met het \
ontwerpbesluit.

**Wat gebeurt er daarna?**
Wij betrekken alle zienswijzen bij het definitieve besluit. Ook dat besluit maken wij bekend.

{_VRAGEN}
""",
    ),
    PublicatieType.besluit.value: DefaultText(
        titel=f"{{{{ besluittype.omschrijving }}}}: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Wat is er besloten?**
Op {{{{ besluit.datum }}}} hebben wij besloten over de aanvraag voor: \
{{{{ zaak.omschrijving }}}}.
Besluit: {{{{ besluittype.omschrijving }}}}.
Adres: {{{{ adres }}}}.
Zaaknummer: {{{{ zaak.identificatie }}}}.

**Waarom maken wij dit bekend?**
Wie het niet eens is met dit besluit, kan bezwaar maken. Met deze bekendmaking laten wij weten \
dat het besluit is genomen en tot wanneer bezwaar mogelijk is.

**Hoe kunt u de stukken inzien?**
Neem contact op met {{{{ organisatie.naam_voluit }}}}. Noem daarbij het zaaknummer \
{{{{ zaak.identificatie }}}}.

**Kunt u bezwaar maken?**
Ja, als u belanghebbende bent. Stuur dan uiterlijk op {{{{ reactie_einddatum }}}} een \
bezwaarschrift aan {{{{ organisatie.naam_voluit }}}}. Zet daarin:
- uw naam en adres;
- de datum;
- het zaaknummer {{{{ zaak.identificatie }}}};
- waarom u het niet eens bent met het besluit;
- uw handtekening.

{_VRAGEN}
""",
    ),
    PublicatieType.verlenging.value: DefaultText(
        titel=f"Beslistermijn verlengd: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Waar gaat het om?**
{_AANVRAAG_GEGEVENS}

**Wat is er veranderd?**
Wij hebben meer tijd nodig om over deze aanvraag te beslissen. Daarom hebben wij de termijn \
om te beslissen verlengd met {{{{ zaak.verlenging.duur }}}}.

**Waarom maken wij dit bekend?**
Wij hebben eerder bekendgemaakt dat deze aanvraag is ontvangen. Nu laten wij weten dat het \
besluit later komt.

{_NOG_GEEN_BEZWAAR}

{_VRAGEN}
""",
    ),
    PublicatieType.opschorting.value: DefaultText(
        titel=f"Beslistermijn opgeschort: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Waar gaat het om?**
{_AANVRAAG_GEGEVENS}

**Wat is er veranderd?**
Wij hebben de termijn om over deze aanvraag te beslissen tijdelijk stilgezet. Dat heet \
opschorten. Dat gebeurt bijvoorbeeld als wij wachten op aanvullende gegevens. Zodra de termijn \
weer loopt, gaan wij verder met de aanvraag.

**Waarom maken wij dit bekend?**
Wij hebben eerder bekendgemaakt dat deze aanvraag is ontvangen. Nu laten wij weten dat het \
besluit later komt dan eerst verwacht.

{_NOG_GEEN_BEZWAAR}

{_VRAGEN}
""",
    ),
    PublicatieType.intrekking.value: DefaultText(
        titel=f"Aanvraag ingetrokken: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Waar gaat het om?**
{_AANVRAAG_GEGEVENS}

**Wat is er veranderd?**
De aanvraag is ingetrokken. Wij nemen daarom geen besluit over deze aanvraag.

**Waarom maken wij dit bekend?**
Wij hebben eerder bekendgemaakt dat deze aanvraag is ontvangen. Nu laten wij weten dat de \
aanvraag niet meer wordt behandeld.

**Kunt u reageren?**
Nee. Er komt geen besluit, dus er is ook niets om bezwaar tegen te maken.

{_VRAGEN}
""",
    ),
}


#: Texts that differ per :class:`~zgw_threepas.constants.Procedure`, keyed by (publicatietype,
#: procedure). A combination not listed here uses :data:`DEFAULT_TEXTS`: an ontwerpbesluit only
#: exists in the extended procedure, and an extension, suspension or withdrawal reads the same
#: in both.
PROCEDURE_TEXTS: dict[tuple[str, str], DefaultText] = {
    (PublicatieType.aanvraag.value, Procedure.uitgebreid.value): DefaultText(
        titel=f"Aanvraag ontvangen: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Wat is er aangevraagd?**
{_AANVRAAG_GEGEVENS}

**Waarom maken wij dit bekend?**
Wij laten iedereen zo vroeg mogelijk weten welke aanvragen wij ontvangen. Over deze aanvraag \
is nog niet beslist.

**Hoe gaat het verder?**
Wij behandelen deze aanvraag met de uitgebreide procedure. Dat betekent:
1. Wij maken eerst een ontwerpbesluit: het besluit dat wij van plan zijn te nemen.
2. Het ontwerpbesluit ligt zes weken ter inzage. Iedereen kan dan een zienswijze geven: een \
reactie op het ontwerpbesluit.
3. Daarna nemen wij het definitieve besluit.

Ook het ontwerpbesluit en het besluit maken wij bekend.

**Kunt u nu al reageren?**
Nee. Reageren kan zodra het ontwerpbesluit ter inzage ligt. In de bekendmaking van het \
ontwerpbesluit staat hoe en tot wanneer dat kan.

**Wilt u de aanvraag inzien of heeft u een vraag?**
Neem contact op met {{{{ organisatie.naam_voluit }}}}. Noem daarbij het zaaknummer \
{{{{ zaak.identificatie }}}}.
""",
    ),
    (PublicatieType.besluit.value, Procedure.uitgebreid.value): DefaultText(
        titel=f"{{{{ besluittype.omschrijving }}}}: {{{{ zaak.omschrijving }}}}, {_WAAR}",
        tekst=f"""\
**Wat is er besloten?**
Op {{{{ besluit.datum }}}} hebben wij besloten over de aanvraag voor: \
{{{{ zaak.omschrijving }}}}.
Besluit: {{{{ besluittype.omschrijving }}}}.
Adres: {{{{ adres }}}}.
Zaaknummer: {{{{ zaak.identificatie }}}}.

**Waarom maken wij dit bekend?**
Eerder lag het ontwerpbesluit ter inzage en kon iedereen een zienswijze geven. Wij hebben die \
zienswijzen bij dit besluit betrokken. Met deze bekendmaking laten wij weten dat het besluit \
is genomen en tot wanneer beroep mogelijk is.

**Hoe kunt u de stukken inzien?**
Neem contact op met {{{{ organisatie.naam_voluit }}}}. Noem daarbij het zaaknummer \
{{{{ zaak.identificatie }}}}.

**Kunt u in beroep gaan?**
Bezwaar maken bij ons is bij dit besluit niet mogelijk. U kunt wel in beroep gaan bij de \
rechtbank als u belanghebbende bent en:
- een zienswijze heeft gegeven op het ontwerpbesluit; of
- kunt uitleggen waarom u dat niet kon doen; of
- het niet eens bent met een wijziging ten opzichte van het ontwerpbesluit.

Stuur uw beroepschrift uiterlijk op {{{{ reactie_einddatum }}}} aan de rechtbank. Op \
[rechtspraak.nl](https://www.rechtspraak.nl) staat hoe dat gaat en wat het kost.

{_VRAGEN}
""",
    ),
}


def default_text(publicatietype: str, procedure: str | None = None) -> DefaultText:
    """The built-in title and text for a :class:`~zgw_threepas.constants.PublicatieType`.

    ``procedure`` (a :class:`~zgw_threepas.constants.Procedure` value) chooses the variant for
    the extended procedure where there is one; without it, the regular wording.
    """
    publicatietype = str(publicatietype)
    if procedure and (publicatietype, str(procedure)) in PROCEDURE_TEXTS:
        return PROCEDURE_TEXTS[(publicatietype, str(procedure))]
    try:
        return DEFAULT_TEXTS[publicatietype]
    except KeyError:
        raise ValueError(f"No built-in text for publicatietype {publicatietype!r}") from None


def has_procedure_variant(publicatietype: str) -> bool:
    """Whether the built-in text of ``publicatietype`` reads differently per procedure."""
    return any(key[0] == str(publicatietype) for key in PROCEDURE_TEXTS)
