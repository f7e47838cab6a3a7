"""Everything we assume about the 3PAS 2020/01 contract, in one module.

KOOP does not publish the 3PAS documentation. What we know comes from vendor configuration
pages and from the metadata of published kennisgevingen; everything else is a reconstruction.
This module is the only place where such assumptions are written down as code: namespaces,
SOAPActions, element names and their order, the code tables from our vocabulary
(:mod:`zgw_threepas.constants`) to wire codes, the classification of fault codes and HTTP
statuses, and the size limits. The XSD and WSDL under ``xsd/`` describe the same
reconstruction and are checked against this module by the tests.

:data:`ASSUMPTIONS` lists each assumption with why we think so and what breaks when it is
wrong; the documentation renders that list. When KOOP's real documentation arrives, this
module, the XSD and the WSDL are what needs correcting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zgw_threepas.constants import (
    Aansluitstap,
    Activiteit,
    OrganisatieType,
    Publicatieblad,
    PublicatieType,
    Rubriek,
)

Outcome = Literal["transient", "permanent", "ambiguous"]

# --- Transport ---------------------------------------------------------------------------

SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/"
CONTENT_TYPE = "text/xml; charset=utf-8"

DRP_NS = "http://schemas.koopwrp.nl/2020/01/drp/api/"
SERVICE_CONTRACT = "IDossierService"

OPERATION_PUBLISH = "VoegDossierToeEnPubliceer"
OPERATION_IS_ALIVE = "IsAlive"
REQUEST_OPERATIONS = (OPERATION_PUBLISH, OPERATION_IS_ALIVE)


def soap_action_uri(operation: str) -> str:
    """The action URI as the WSDL writes it (``soapAction`` attribute, no quotes)."""
    return f"{DRP_NS}{SERVICE_CONTRACT}/{operation}"


def soap_action(operation: str) -> str:
    """The ``SOAPAction`` HTTP header value, quotes included (see assumption 3PAS-03)."""
    return f'"{soap_action_uri(operation)}"'


SOAP_ACTION_PUBLISH = soap_action(OPERATION_PUBLISH)
SOAP_ACTION_IS_ALIVE = soap_action(OPERATION_IS_ALIVE)

#: Default path of the endpoint at a Digikoppeling intermediary (and of the simulator).
ENDPOINT_PATH = "/drop/3epas"

#: One endpoint per organisation, named by its OIN (assumption 3PAS-21).
ENDPOINT_PATTERN = "https://{host}/opentunnel/{oin}" + ENDPOINT_PATH

#: The top-level domain RFC 6761 reserves for names that never resolve.
PLACEHOLDER_DOMAIN = ".invalid"

#: Host per step of KOOP's connection procedure (3PAS-21). The real hosts are not public:
#: KOOP's service desk or the Digikoppeling intermediary hands them out, and the setting
#: ``ZGW_THREEPAS_ENDPOINT_HOSTS`` fills them in. Until then these placeholders stand in;
#: they end in ``.invalid``, so a message can never go anywhere by accident.
ENDPOINT_HOSTS: dict[str, str] = {
    Aansluitstap.poc: "eto-poc.koop-host-unknown.invalid",
    Aansluitstap.tst_koop_cert: "eto-tst-aansluit.koop-host-unknown.invalid",
    Aansluitstap.tst_own_cert: "eto-tst-aansluit.koop-host-unknown.invalid",
    Aansluitstap.productie: "productie.koop-host-unknown.invalid",
}


def endpoint_url(host_or_pattern: str, oin: str) -> str:
    """The endpoint of organisation ``oin`` at a host, or from a pattern holding ``{oin}``.

    A full pattern is accepted because a step may turn out to differ in more than its host.
    """
    pattern = host_or_pattern.strip()
    if "{oin}" not in pattern:
        pattern = ENDPOINT_PATTERN.replace("{host}", pattern)
    return pattern.replace("{oin}", oin)


# --- WS-Security (only when a username is configured) ------------------------------------

WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSSE_PASSWORD_TEXT = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordText"
)

# --- Element names -----------------------------------------------------------------------

EL_DOSSIER = "Dossier"
EL_GEBIEDSMARKERING = "Gebiedsmarkering"
EL_PUBLISH_RESPONSE = f"{OPERATION_PUBLISH}Response"
EL_PUBLISH_RESULT = f"{OPERATION_PUBLISH}Result"
EL_DOSSIERNUMMER = "Dossiernummer"

#: What a dossiernummer may look like (3PAS-20): letters, digits and ``- _ . /``, at most
#: :data:`MAX_DOSSIERNUMMER_LENGTH` characters (the length the publication record stores).
#: DROP's format is not published; this refuses only what cannot be part of one (spaces,
#: control and markup characters) or cannot be stored.
MAX_DOSSIERNUMMER_LENGTH = 100
DOSSIERNUMMER_PATTERN = r"[A-Za-z0-9._/-]+"
EL_IS_ALIVE_RESPONSE = f"{OPERATION_IS_ALIVE}Response"
EL_IS_ALIVE_RESULT = f"{OPERATION_IS_ALIVE}Result"
EL_FAULT_DETAIL = "DropFout"
EL_FAULT_CODE = "Foutcode"
EL_FAULT_MESSAGE = "Foutmelding"

#: The one member of the zip in ``InhoudZip``.
INHOUD_MEMBER = "inhoud.xml"

# --- Code tables: our vocabulary -> wire codes -------------------------------------------

#: ``None`` means: leave the element out, so DROP only prepares ("klaarzetten") the item.
PUBLICATIEBLAD_CODES: dict[str, str | None] = {
    Publicatieblad.gemeenteblad: "Gemeenteblad",
    Publicatieblad.provinciaal_blad: "Provinciaal blad",
    Publicatieblad.waterschapsblad: "Waterschapsblad",
    Publicatieblad.blad_gemeenschappelijke_regeling: "Blad gemeenschappelijke regeling",
    Publicatieblad.staatscourant: "Staatscourant",
    Publicatieblad.geen: None,
}

ORGANISATIE_TYPE_CODES: dict[str, str] = {
    OrganisatieType.gemeente: "gemeente",
    OrganisatieType.provincie: "provincie",
    OrganisatieType.waterschap: "waterschap",
    OrganisatieType.gemeenschappelijke_regeling: "gemeenschappelijke regeling",
}

PUBLICATIETYPE_CODES: dict[str, str] = {
    PublicatieType.aanvraag: "Aanvraag",
    PublicatieType.ontwerpbesluit: "Ontwerpbesluit",
    PublicatieType.besluit: "Besluit",
    PublicatieType.verlenging: "Verlenging",
    PublicatieType.opschorting: "Opschorting",
    PublicatieType.intrekking: "Intrekking",
}

RUBRIEK_CODES: dict[str, str] = {
    Rubriek.omgevingsvergunning: "omgevingsvergunning",
    Rubriek.omgevingsmelding: "omgevingsmelding",
    Rubriek.evenementenvergunning: "evenementenvergunning",
    Rubriek.exploitatievergunning: "exploitatievergunning",
    Rubriek.andere_vergunning: "andere vergunning",
    Rubriek.andere_melding: "andere melding",
    Rubriek.andere_beschikking: "andere beschikking",
    Rubriek.verkeersbesluit: "verkeersbesluit",
}

ACTIVITEIT_CODES: dict[str, str] = {
    Activiteit.bouwen: "bouwen",
    Activiteit.slopen: "slopen",
    Activiteit.kappen: "kappen",
    Activiteit.milieu: "milieu",
    Activiteit.natuur: "natuur",
    Activiteit.reclame: "reclame",
    Activiteit.uitweg_en_inrit: "uitweg en inrit",
    Activiteit.brandveilig_gebruik: "brandveilig gebruik",
    Activiteit.ruimtelijke_ordening: "ruimtelijke ordening",
}

#: ``Gebiedsmarkering.type`` values are already DROP's own words; sent unchanged.
GEBIEDSMARKERING_TYPES: tuple[str, ...] = ("Adres", "Punt", "Vlak", "Lijn", "Gemeente")

CODE_TABLES: dict[str, dict[str, str | None]] = {
    "publicatieblad": PUBLICATIEBLAD_CODES,
    "organisatie_type": ORGANISATIE_TYPE_CODES,
    "publicatietype": PUBLICATIETYPE_CODES,
    "rubriek": RUBRIEK_CODES,
    "activiteit": ACTIVITEIT_CODES,
}


# --- Request layout ----------------------------------------------------------------------

FieldKind = Literal["text", "code", "date", "base64", "gebiedsmarkeringen"]


@dataclass(frozen=True)
class WireField:
    """One element of the request, in the order the XSD's ``xs:sequence`` demands."""

    element: str
    #: Attribute of :class:`~zgw_threepas.threepas.types.Aanlevering` (or ``Gebiedsmarkering``).
    attribute: str
    kind: FieldKind = "text"
    required: bool = True


#: Children of ``Dossier``, in wire order. An optional field with an empty value is left out.
DOSSIER_FIELDS: tuple[WireField, ...] = (
    WireField("Kenmerk", "kenmerk"),
    WireField("Titel", "titel"),
    WireField("OrganisatieType", "organisatie_type", kind="code"),
    WireField("OrganisatieNaam", "organisatie_naam"),
    WireField("OrganisatieOin", "organisatie_oin"),
    WireField("Publicatieblad", "publicatieblad", kind="code", required=False),
    WireField("PublicatieType", "publicatietype", kind="code"),
    WireField("Rubriek", "rubriek", kind="code"),
    WireField("Activiteit", "activiteit", kind="code", required=False),
    WireField("Publicatiedatum", "publicatiedatum", kind="date"),
    WireField("Referentienummer", "referentienummer", required=False),
    WireField(
        "Gebiedsmarkeringen", "gebiedsmarkeringen", kind="gebiedsmarkeringen", required=False
    ),
    WireField("InhoudZip", "inhoud_zip", kind="base64"),
)

#: Children of each ``Gebiedsmarkering``, in wire order.
GEBIEDSMARKERING_FIELDS: tuple[WireField, ...] = (
    WireField("Type", "type"),
    WireField("Geometrie", "geometrie", required=False),
    WireField("Gemeente", "gemeente", required=False),
    WireField("Straatnaam", "straatnaam", required=False),
    WireField("Huisnummer", "huisnummer", required=False),
    WireField("Huisletter", "huisletter", required=False),
    WireField("Huisnummertoevoeging", "huisnummertoevoeging", required=False),
    WireField("Postcode", "postcode", required=False),
    WireField("Woonplaats", "woonplaats", required=False),
)


# --- Faults ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaultRule:
    outcome: Outcome
    meaning: str


#: Keyed by the code without namespace prefix: the ``Foutcode`` in the fault detail when
#: present, else the local part of ``faultcode``. Codes not listed here are ambiguous: only a
#: fault that says nothing was stored may be resent automatically, and only one that says the
#: message was refused may be called not published.
FAULT_CODES: dict[str, FaultRule] = {
    # Assumed DROP codes (3PAS-15). Names are ours; the real list is unknown.
    "DRP-VALIDATIE": FaultRule("permanent", "The message does not match DROP's schema."),
    "DRP-INHOUD": FaultRule("permanent", "InhoudZip or inhoud.xml is missing or unreadable."),
    "DRP-ORGANISATIE": FaultRule(
        "permanent", "The organisation (OIN) is unknown to DROP or not linked to this sender."
    ),
    "DRP-AUTORISATIE": FaultRule("permanent", "The sender may not deliver for this organisation."),
    "DRP-PUBLICATIEBLAD": FaultRule(
        "permanent", "The publicatieblad is not allowed for this organisation."
    ),
    "DRP-DUBBEL": FaultRule("permanent", "A dossier with this kenmerk already exists."),
    "DRP-TIJDELIJK": FaultRule("transient", "Temporary error in DROP; nothing was stored."),
    "DRP-ONDERHOUD": FaultRule("transient", "DROP is in a maintenance window."),
    "DRP-BEZET": FaultRule("transient", "DROP is too busy to accept the message now."),
    # SOAP 1.1 generic fault codes.
    "Client": FaultRule("permanent", "The service rejected the message as faulty."),
    "Server": FaultRule(
        "ambiguous", "The service failed while handling the message, perhaps after storing it."
    ),
    "VersionMismatch": FaultRule("permanent", "The service does not accept this SOAP version."),
    "MustUnderstand": FaultRule("permanent", "The service does not understand a SOAP header."),
    # Faults a .NET WCF service produces by itself.
    "ActionNotSupported": FaultRule("permanent", "The service does not know this SOAPAction."),
    "InvalidSecurity": FaultRule("permanent", "The security header was refused."),
    "FailedAuthentication": FaultRule("permanent", "The username or password was refused."),
    "ServerTooBusy": FaultRule("transient", "The service is too busy to accept the message."),
    "InternalServiceFault": FaultRule(
        "ambiguous", "Unhandled error inside the service, perhaps after storing the message."
    ),
}


def fault_outcome(code: str) -> Outcome:
    """Classify a fault code; a code we have never seen is ambiguous, so a person looks in DROP
    before it is sent again."""
    rule = FAULT_CODES.get(local_code(code))
    return rule.outcome if rule else "ambiguous"


def local_code(code: str) -> str:
    """``s:Server`` -> ``Server``: prefixes depend on the sender's namespace declarations."""
    return code.strip().rpartition(":")[2]


# --- HTTP statuses -----------------------------------------------------------------------

#: Answers (mostly from intermediaries) that say the message was not handled: safe to resend.
TRANSIENT_HTTP_STATUSES = frozenset({408, 429, 503})

# --- Limits ------------------------------------------------------------------------------

#: A 3PAS answer is a few hundred bytes; anything near this is not an answer from DROP.
MAX_RESPONSE_BYTES = 1024 * 1024
#: libxml2 refuses text nodes over 10 MB without ``huge_tree``; base64 grows by a third.
MAX_INHOUD_ZIP_BYTES = 7 * 1024 * 1024
MAX_REQUEST_BYTES = 12 * 1024 * 1024


# --- The assumptions, for people ---------------------------------------------------------


@dataclass(frozen=True)
class Assumption:
    id: str
    statement: str
    why: str
    if_wrong: str


ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption(
        "3PAS-01",
        "3PAS is SOAP 1.1 over HTTPS: envelope namespace "
        "http://schemas.xmlsoap.org/soap/envelope/, Content-Type text/xml; charset=utf-8, "
        "the action in the SOAPAction HTTP header.",
        "Vendor configuration sets a SOAPAction header in the form a .NET WCF service with "
        "basicHttpBinding expects; SOAP 1.2 has no SOAPAction header.",
        "Every call fails with HTTP 415 or a VersionMismatch fault. Change SOAP_ENV_NS and "
        "CONTENT_TYPE (SOAP 1.2: application/soap+xml with an action parameter).",
    ),
    Assumption(
        "3PAS-02",
        f"All payload elements are in the namespace {DRP_NS}.",
        "It is the namespace base of the SOAPAction; a WCF service generated from one "
        "contract uses one namespace unless its data contracts name another.",
        "DROP answers with a deserialisation fault (Client). Split DRP_NS into an operation "
        "and a data namespace, here and in the XSD.",
    ),
    Assumption(
        "3PAS-03",
        f"The SOAPAction header is sent with its quotes: {SOAP_ACTION_PUBLISH}.",
        "A vendor's configuration page insists that the quotes are part of the value.",
        "DROP answers ActionNotSupported. Change soap_action().",
    ),
    Assumption(
        "3PAS-04",
        f"The liveness check is operation {OPERATION_IS_ALIVE} with SOAPAction "
        f"{SOAP_ACTION_IS_ALIVE}, an empty request and a boolean {EL_IS_ALIVE_RESULT}.",
        "Vendors configure an 'isAlive' endpoint on the same URL; the name follows the "
        "pattern of the known operation.",
        "The connection test reports a failure although publishing works. Change "
        "OPERATION_IS_ALIVE and the IsAlive elements in the XSD.",
    ),
    Assumption(
        "3PAS-05",
        f"Document/literal wrapped: the body holds {OPERATION_PUBLISH} with one {EL_DOSSIER}; "
        f"the answer is {EL_PUBLISH_RESPONSE}/{EL_PUBLISH_RESULT}/{EL_DOSSIERNUMMER}.",
        "This is how WCF names the wrapper and result elements of an operation by default.",
        "Requests are refused with a Client fault, or answers are not understood and every "
        "delivery ends as 'uncertain'. Change the EL_* names and the XSD.",
    ),
    Assumption(
        "3PAS-06",
        "The metadata elements and their order are those of DOSSIER_FIELDS: Kenmerk, Titel, "
        "OrganisatieType, OrganisatieNaam, OrganisatieOin, Publicatieblad, PublicatieType, "
        "Rubriek, Activiteit, Publicatiedatum, Referentienummer, Gebiedsmarkeringen, "
        "InhoudZip.",
        "They are the fields DROP shows in published metadata (organisation type, "
        "publication name, creator, rubriek, activiteit, date available, gebiedsmarkering, "
        "reference number) plus the InhoudZip that vendor documentation names.",
        "Requests are refused with a schema fault. Change DOSSIER_FIELDS and the XSD "
        "sequence together; the tests check that both agree.",
    ),
    Assumption(
        "3PAS-07",
        "Publicatieblad codes are the publication names as published (Gemeenteblad, "
        "Provinciaal blad, Waterschapsblad, Blad gemeenschappelijke regeling, "
        "Staatscourant). Without a blad the element is left out and DROP only prepares the "
        "item for a staff member to publish.",
        "OVERHEIDop.publicationName in published metadata carries these names; vendor "
        "documentation says that without a medium the item is only 'klaargezet'.",
        "Deliveries are refused, or land only prepared. Change PUBLICATIEBLAD_CODES.",
    ),
    Assumption(
        "3PAS-08",
        "Organisation type codes are the OVERHEID.organisationType values (gemeente, "
        "provincie, waterschap, gemeenschappelijke regeling). The last one is the least "
        "certain.",
        "Published metadata carries 'gemeente' under scheme OVERHEID.Organisatietype.",
        "Deliveries for that organisation type are refused. Change ORGANISATIE_TYPE_CODES.",
    ),
    Assumption(
        "3PAS-09",
        "Rubriek and activiteit codes are the values DROP publishes under OVERHEIDop.Rubriek "
        "and OVERHEIDop.ActiviteitOmgevingsvergunning, unchanged.",
        "Published metadata carries them in lower case with spaces, e.g. "
        "'evenementenvergunning', 'andere vergunning'.",
        "Deliveries are refused or filed under the wrong rubriek. Change RUBRIEK_CODES or "
        "ACTIVITEIT_CODES.",
    ),
    Assumption(
        "3PAS-10",
        "Publicatietype codes are the Dutch words Aanvraag, Ontwerpbesluit, Besluit, "
        "Verlenging, Opschorting, Intrekking.",
        "Vendor documentation names exactly these publication types per zaak; DROP's own "
        "codes for them are unknown.",
        "Deliveries are refused with a schema fault. Change PUBLICATIETYPE_CODES.",
    ),
    Assumption(
        "3PAS-11",
        "Publicatiedatum is an xs:date (YYYY-MM-DD): the day the notice becomes available.",
        "Published metadata carries DCTERMS.available as a W3CDTF date.",
        "Refused, or published on the wrong day. Change the 'date' kind in the envelope.",
    ),
    Assumption(
        "3PAS-12",
        "The zaak identificatie may be sent as optional Referentienummer.",
        "Some published kennisgevingen carry a reference number equal to the case number.",
        "A schema fault on every delivery that has one; leave referentienummer empty.",
    ),
    Assumption(
        "3PAS-13",
        "Locations are sent as Gebiedsmarkering blocks: type (Adres, Punt, Vlak, Lijn, "
        "Gemeente), WKT geometry in RD New (EPSG:28992, metres) and the address parts.",
        "That is exactly how DROP publishes OVERHEIDop.gebiedsmarkering.",
        "Refused, or published without a location so 'Berichten over uw Buurt' misses it. "
        "Change GEBIEDSMARKERING_FIELDS and the XSD.",
    ),
    Assumption(
        "3PAS-14",
        f"InhoudZip is base64 of a zip holding one member {INHOUD_MEMBER}, at most "
        f"{MAX_INHOUD_ZIP_BYTES // (1024 * 1024)} MB.",
        "Vendor documentation: inhoud.xml is zipped and base64-encoded into InhoudZip. The "
        "size limit is ours: larger text nodes need an unsafe XML parser setting.",
        "DROP refuses the content (DRP-INHOUD). Change the envelope's zip handling.",
    ),
    Assumption(
        "3PAS-15",
        f"Errors come as a SOAP 1.1 Fault on HTTP 500, optionally with a detail "
        f"{EL_FAULT_DETAIL} holding {EL_FAULT_CODE} and {EL_FAULT_MESSAGE}.",
        "WCF sends faults this way; KOOP's fault structure and codes are not published.",
        "Errors are shown with the generic faultcode only, and unknown codes are treated as "
        "permanent. Change the EL_FAULT_* names and FAULT_CODES.",
    ),
    Assumption(
        "3PAS-16",
        "Fault codes are classified by FAULT_CODES. Only DROP's codes that say nothing was "
        "stored (and WCF's ServerTooBusy) are transient; a generic Server fault, a WCF "
        "InternalServiceFault and a code not in the table leave it unknown whether DROP "
        "stored the message, and are shown to the administrator with the code.",
        "A WCF service answers any unhandled error with HTTP 500 and an InternalServiceFault "
        "(or a Server fault), also one that happens after the dossier was made; resending "
        "then could publish twice.",
        "If KOOP documents that such faults come only before anything is stored, move "
        "'Server' and 'InternalServiceFault' to transient; add DROP's real codes to "
        "FAULT_CODES.",
    ),
    Assumption(
        "3PAS-17",
        "HTTP 408, 429 and 503 mean the message was not handled; other 4xx mean it was "
        "refused; any other 5xx without a SOAP Fault (500, and a gateway's 502 or 504 after "
        "it forwarded the message) and a 200 whose body is not a 3PAS answer (an "
        "intermediary's HTML page, an empty or cut-off body) leave it unknown whether DROP "
        "received the message.",
        "Deliveries pass a Digikoppeling intermediary, which answers with its own pages when "
        "DROP is unreachable or a session has expired.",
        "Change TRANSIENT_HTTP_STATUSES, or the classification in the client.",
    ),
    Assumption(
        "3PAS-18",
        "3PAS is not idempotent: sending the same message twice may publish twice. Only "
        "errors that certainly did not reach DROP are retried automatically; when it is "
        "unknown, a person checks DROP first.",
        "Nothing public says DROP recognises a repeated message.",
        "If DROP does deduplicate (e.g. on Kenmerk), 'uncertain' deliveries could be retried "
        "automatically. Change how the delivery layer treats ambiguous outcomes.",
    ),
    Assumption(
        "3PAS-19",
        "At the proof-of-concept step the username and password travel either as HTTP basic "
        "authentication or as a WS-Security UsernameToken with a PasswordText password in "
        "the SOAP header, whichever the organisation selects; otherwise no SOAP header is "
        "sent and the TLS client certificate authenticates.",
        "Step 1 of KOOP's connection procedure uses a username, later steps use a "
        "certificate, often installed at the Digikoppeling intermediary. Which of the two "
        "username methods the proof-of-concept endpoint expects is not public.",
        "The proof-of-concept endpoint refuses the message (HTTP 401, or an InvalidSecurity "
        "or FailedAuthentication fault). Select the other method on the organisation, or "
        "change the header in the envelope.",
    ),
    Assumption(
        "3PAS-20",
        "The dossiernummer is an opaque string of letters, digits and - _ . /, at most "
        f"{MAX_DOSSIERNUMMER_LENGTH} characters; we store it as given. An answer with "
        "another one leaves it unknown whether DROP published the kennisgeving.",
        "Vendors show it verbatim to look a dossier up in DROP's web interface.",
        "DROP's dossiernummers are refused as answers (RESPONSE_DOSSIERNUMMER): widen "
        "DOSSIERNUMMER_PATTERN or MAX_DOSSIERNUMMER_LENGTH (and the publication's column). "
        "The simulator's format (DRP-YYYY-NNNNNN) is invented.",
    ),
    Assumption(
        "3PAS-21",
        f"Each organisation has its own endpoint {ENDPOINT_PATTERN}, with its 20-digit OIN; "
        "the host differs per step of the connection procedure and is configured in the "
        "setting ZGW_THREEPAS_ENDPOINT_HOSTS. Until it is, the host is a placeholder "
        f"ending in {PLACEHOLDER_DOMAIN}. Messages go to the address without a final slash, "
        "although zgw-consumers stores every service address with one.",
        "Public vendor documentation shows endpoints of exactly this form, one per "
        "organisation; the hosts of KOOP's test environment and of production are not "
        "public.",
        "The endpoint preset gives a wrong address and the connection check reports it "
        "unreachable or refused. Set the real address on the organisation's 3PAS service, "
        "or give a full pattern with {oin} per step in ZGW_THREEPAS_ENDPOINT_HOSTS. If the "
        "service wants the final slash, endpoint_of() in delivery/connection.py keeps it.",
    ),
)
