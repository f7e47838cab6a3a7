"""Building, checking and reading 3PAS messages, without a network."""

from __future__ import annotations

import base64
import http.server
import io
import threading
import zipfile

import pytest
from lxml import etree

from zgw_threepas.threepas import contract as c
from zgw_threepas.threepas import envelope
from zgw_threepas.threepas.errors import (
    ThreepasAmbiguousError,
    ThreepasPermanentError,
    ThreepasResponseError,
    ThreepasTransientError,
    ThreepasValidationError,
)

from .factories import make_aanlevering, make_inhoud_xml, make_inhoud_zip, replace

NS = {"s": c.SOAP_ENV_NS, "d": c.DRP_NS, "wsse": c.WSSE_NS}


def dossier_of(body: bytes) -> etree._Element:
    root = etree.fromstring(body)
    return root.find("s:Body/d:VoegDossierToeEnPubliceer/d:Dossier", NS)


def child_names(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element]


# --- building ----------------------------------------------------------------------------


def test_request_is_a_soap_1_1_envelope_that_passes_our_xsd():
    body = envelope.build_request(make_aanlevering())

    envelope.validate_request(body)
    root = etree.fromstring(body)
    assert root.tag == f"{{{c.SOAP_ENV_NS}}}Envelope"
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert root.find("s:Header", NS) is None


def test_request_metadata_is_in_the_agreed_order():
    dossier = dossier_of(envelope.build_request(make_aanlevering()))

    assert child_names(dossier) == [
        "Kenmerk",
        "Titel",
        "OrganisatieType",
        "OrganisatieNaam",
        "OrganisatieOin",
        "Publicatieblad",
        "PublicatieType",
        "Rubriek",
        "Activiteit",
        "Publicatiedatum",
        "Referentienummer",
        "Gebiedsmarkeringen",
        "InhoudZip",
    ]
    markering = dossier.find("d:Gebiedsmarkeringen/d:Gebiedsmarkering", NS)
    assert child_names(markering) == [
        "Type",
        "Geometrie",
        "Gemeente",
        "Straatnaam",
        "Huisnummer",
        "Postcode",
        "Woonplaats",
    ]


def test_request_carries_wire_codes_not_our_values():
    aanlevering = make_aanlevering(
        publicatieblad="blad_gemeenschappelijke_regeling",
        organisatie_type="gemeenschappelijke_regeling",
        publicatietype="ontwerpbesluit",
        rubriek="andere vergunning",
        activiteit="uitweg en inrit",
    )
    dossier = dossier_of(envelope.build_request(aanlevering))

    assert dossier.findtext("d:Publicatieblad", namespaces=NS) == "Blad gemeenschappelijke regeling"
    assert dossier.findtext("d:OrganisatieType", namespaces=NS) == "gemeenschappelijke regeling"
    assert dossier.findtext("d:PublicatieType", namespaces=NS) == "Ontwerpbesluit"
    assert dossier.findtext("d:Rubriek", namespaces=NS) == "andere vergunning"
    assert dossier.findtext("d:Activiteit", namespaces=NS) == "uitweg en inrit"
    assert dossier.findtext("d:Publicatiedatum", namespaces=NS) == "2024-06-17"


def test_publicatieblad_geen_leaves_the_element_out_so_drop_only_prepares_it():
    body = envelope.build_request(make_aanlevering(publicatieblad="geen"))

    envelope.validate_request(body)
    assert "Publicatieblad" not in child_names(dossier_of(body))


def test_empty_optional_fields_are_left_out_and_the_request_stays_valid():
    aanlevering = make_aanlevering(activiteit="", referentienummer="", gebiedsmarkeringen=())
    body = envelope.build_request(aanlevering)

    envelope.validate_request(body)
    names = child_names(dossier_of(body))
    assert "Activiteit" not in names
    assert "Referentienummer" not in names
    assert "Gebiedsmarkeringen" not in names


def test_inhoud_zip_round_trips_through_base64_unchanged():
    inhoud = make_inhoud_xml(titel="Besluit kapvergunning Dorpsstraat 1 – ‘eik’")
    zipped = make_inhoud_zip(inhoud)
    body = envelope.build_request(make_aanlevering(inhoud_zip=zipped))

    encoded = dossier_of(body).findtext("d:InhoudZip", namespaces=NS)
    assert base64.b64decode(encoded) == zipped
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(encoded))) as archive:
        assert archive.namelist() == ["inhoud.xml"]
        assert archive.read("inhoud.xml").decode("utf-8") == inhoud


def test_value_without_a_wire_code_is_refused_before_anything_is_built():
    with pytest.raises(ThreepasValidationError) as info:
        envelope.build_request(make_aanlevering(rubriek="bestemmingsplan"))

    assert "bestemmingsplan" in info.value.message
    assert info.value.outcome == "permanent"


def test_control_characters_cannot_travel_and_are_refused():
    with pytest.raises(ThreepasValidationError) as info:
        envelope.build_request(make_aanlevering(titel="Aanvraag\x0bbouwen"))

    assert "Titel" in info.value.message


# --- checking ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, element",
    [
        ({"organisatie_oin": "12345"}, "OrganisatieOin"),
        ({"titel": "   "}, "Titel"),
        ({"kenmerk": ""}, "Kenmerk"),
        ({"inhoud_zip": b""}, "InhoudZip"),
    ],
)
def test_request_that_breaks_the_xsd_is_refused_with_the_reason(changes, element):
    body = envelope.build_request(replace(make_aanlevering(), **changes))

    with pytest.raises(ThreepasValidationError) as info:
        envelope.validate_request(body)

    assert element in info.value.message
    assert info.value.code == "REQUEST_INVALID"


def test_xsd_enforces_the_element_order():
    body = envelope.build_request(make_aanlevering())
    root = etree.fromstring(body)
    dossier = root.find("s:Body/d:VoegDossierToeEnPubliceer/d:Dossier", NS)
    titel = dossier.find("d:Titel", NS)
    dossier.remove(titel)
    dossier.insert(0, titel)

    with pytest.raises(ThreepasValidationError) as info:
        envelope.validate_request(etree.tostring(root))

    assert "Titel" in info.value.message


def test_inhoud_zip_that_is_not_a_zip_is_refused():
    body = envelope.build_request(make_aanlevering(inhoud_zip=b"not a zip at all"))

    with pytest.raises(ThreepasValidationError, match="not a zip"):
        envelope.validate_request(body)


def test_zip_without_inhoud_xml_is_refused():
    zipped = make_inhoud_zip(member="content.xml")
    body = envelope.build_request(make_aanlevering(inhoud_zip=zipped))

    with pytest.raises(ThreepasValidationError, match="inhoud.xml"):
        envelope.validate_request(body)


@pytest.mark.parametrize(
    "body, fragment",
    [
        (b"<Envelope/>", "not a SOAP 1.1 Envelope"),
        (envelope.build_response("DRP-1"), "is not a 3PAS request"),
        (b"<?xml version='1.0'?><s:Envelope xmlns:s='%s'/>" % c.SOAP_ENV_NS.encode(), "Body"),
        (b"<unclosed>", "not well-formed"),
    ],
)
def test_only_3pas_requests_pass_validation(body, fragment):
    with pytest.raises(ThreepasValidationError) as info:
        envelope.validate_request(body)

    assert fragment in info.value.message


def test_is_alive_request_is_valid_and_empty():
    body = envelope.build_is_alive()

    envelope.validate_request(body)
    operation = etree.fromstring(body).find("s:Body/d:IsAlive", NS)
    assert operation is not None and len(operation) == 0


# --- WS-Security -------------------------------------------------------------------------


def test_username_token_goes_in_a_mustunderstand_security_header():
    body = envelope.build_request(make_aanlevering(), username_token=("gemeente-x", "s3cret!"))

    envelope.validate_request(body)
    security = etree.fromstring(body).find("s:Header/wsse:Security", NS)
    assert security.get(f"{{{c.SOAP_ENV_NS}}}mustUnderstand") == "1"
    assert security.findtext("wsse:UsernameToken/wsse:Username", namespaces=NS) == "gemeente-x"
    password = security.find("wsse:UsernameToken/wsse:Password", NS)
    assert password.text == "s3cret!"
    assert password.get("Type") == c.WSSE_PASSWORD_TEXT


def test_redact_hides_the_password_and_keeps_the_rest():
    body = envelope.build_request(make_aanlevering(), username_token=("gemeente-x", "s3cret!"))

    logged = envelope.redact(body)

    assert b"s3cret!" not in logged
    assert b"gemeente-x" in logged
    envelope.validate_request(logged)
    assert dossier_of(logged).findtext("d:Kenmerk", namespaces=NS) == (
        "ZAAK-2024-0001/aanvraag/gemeenteblad"
    )


# --- reading requests (the simulator's side) ---------------------------------------------


def test_read_request_gives_metadata_in_wire_values_and_the_zip():
    aanlevering = make_aanlevering()
    content = envelope.read_request(
        envelope.build_request(aanlevering, username_token=("gemeente-x", "pw"))
    )

    assert content.operation == "VoegDossierToeEnPubliceer"
    assert content.username == "gemeente-x"
    assert content.metadata["Publicatieblad"] == "Gemeenteblad"
    assert content.metadata["Gebiedsmarkeringen"] == [
        {
            "Type": "Adres",
            "Geometrie": "POINT(61309 389557)",
            "Gemeente": "Reimerswaal",
            "Straatnaam": "Hogeweg",
            "Huisnummer": "15",
            "Postcode": "4401BT",
            "Woonplaats": "Yerseke",
        }
    ]
    assert "InhoudZip" not in content.metadata
    assert content.inhoud_zip == aanlevering.inhoud_zip
    assert content.inhoud_xml() == make_inhoud_xml()


# --- reading answers ---------------------------------------------------------------------


def test_success_answer_gives_the_dossiernummer():
    assert envelope.parse_response(envelope.build_response("DRP-2024-000123")) == (
        "DRP-2024-000123"
    )


def test_answer_from_another_soap_stack_with_prefixes_and_whitespace_is_read():
    body = f"""<?xml version="1.0" encoding="utf-8"?>
    <soapenv:Envelope xmlns:soapenv="{c.SOAP_ENV_NS}">
      <soapenv:Header/>
      <soapenv:Body>
        <drp:VoegDossierToeEnPubliceerResponse xmlns:drp="{c.DRP_NS}">
          <drp:VoegDossierToeEnPubliceerResult>
            <drp:Dossiernummer> 4711 </drp:Dossiernummer>
          </drp:VoegDossierToeEnPubliceerResult>
        </drp:VoegDossierToeEnPubliceerResponse>
      </soapenv:Body>
    </soapenv:Envelope>""".encode()

    assert envelope.parse_response(body) == "4711"


@pytest.mark.parametrize(
    "nummer",
    ["D" * (c.MAX_DOSSIERNUMMER_LENGTH + 1), "DRP 2026 000001", "DRP-<b>1</b>", "DRP-2026-\u00e9"],
)
def test_a_dossiernummer_that_cannot_be_recorded_leaves_it_unknown(nummer):
    """DROP made something, but nothing can be recorded of it as given: a person looks."""
    body = envelope.build_response(nummer)

    with pytest.raises(ThreepasResponseError) as info:
        envelope.parse_response(body)

    assert info.value.code == "RESPONSE_DOSSIERNUMMER"
    assert info.value.outcome == "ambiguous"
    assert "cannot record" in info.value.user_message()


def test_the_longest_dossiernummer_is_recorded():
    nummer = "DRP-" + "9" * (c.MAX_DOSSIERNUMMER_LENGTH - 4)
    assert envelope.parse_response(envelope.build_response(nummer)) == nummer


def test_fault_with_a_transient_code_raises_a_transient_error():
    body = envelope.build_fault("DRP-ONDERHOUD", "Onderhoud tot 06:00")

    with pytest.raises(ThreepasTransientError) as info:
        envelope.parse_response(body)

    assert info.value.code == "DRP-ONDERHOUD"
    assert info.value.message == "Onderhoud tot 06:00"


def test_fault_with_a_permanent_code_raises_a_permanent_error():
    with pytest.raises(ThreepasPermanentError) as info:
        envelope.parse_response(envelope.build_fault("DRP-ORGANISATIE", "OIN onbekend"))

    assert info.value.code == "DRP-ORGANISATIE"
    assert info.value.outcome == "permanent"


def test_fault_with_an_unknown_code_leaves_it_unknown_and_shows_the_code():
    with pytest.raises(ThreepasAmbiguousError) as info:
        envelope.parse_response(envelope.build_fault("KOOP-9001", "Iets onverwachts"))

    assert info.value.code == "KOOP-9001"
    assert "unknown fault code KOOP-9001" in info.value.message
    assert "KOOP-9001" in info.value.user_message()


def test_plain_wcf_fault_without_detail_is_classified_by_faultcode():
    body = f"""<s:Envelope xmlns:s="{c.SOAP_ENV_NS}"><s:Body><s:Fault>
      <faultcode xmlns:a="http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher">a:InternalServiceFault</faultcode>
      <faultstring xml:lang="en-US">The server was unable to process the request.</faultstring>
    </s:Fault></s:Body></s:Envelope>""".encode()

    # WCF answers any unhandled error so, also one after the dossier was made.
    with pytest.raises(ThreepasAmbiguousError) as info:
        envelope.parse_response(body)

    assert info.value.code == "InternalServiceFault"
    assert info.value.message == "The server was unable to process the request."


def test_html_page_is_a_response_error_with_an_excerpt():
    page = b"<!DOCTYPE html><html><body><h1>Sessie verlopen</h1>" + b"x" * 2000 + b"</body></html>"

    with pytest.raises(ThreepasResponseError) as info:
        envelope.parse_response(page)

    assert info.value.code == "RESPONSE_HTML"
    assert info.value.outcome == "ambiguous"
    assert info.value.excerpt.startswith("<!DOCTYPE html><html><body><h1>Sessie verlopen")
    assert len(info.value.excerpt) == 500


@pytest.mark.parametrize(
    "body, code",
    [
        (b"", "RESPONSE_EMPTY"),
        (b"  \r\n", "RESPONSE_EMPTY"),
        (envelope.build_response("DRP-2024-000123")[:-40], "RESPONSE_NOT_XML"),
        (b"OK", "RESPONSE_NOT_XML"),
        (b"<result>DRP-1</result>", "RESPONSE_NOT_SOAP"),
        (envelope.build_is_alive_response(True), "RESPONSE_INCOMPLETE"),
    ],
)
def test_anything_but_a_3pas_answer_is_a_response_error(body, code):
    with pytest.raises(ThreepasResponseError) as info:
        envelope.parse_response(body)

    assert info.value.code == code
    assert info.value.excerpt == body[:500].decode()


def test_answer_over_the_size_limit_is_refused_unread():
    body = envelope.build_response("DRP-1").replace(b"DRP-1", b"D" * c.MAX_RESPONSE_BYTES)

    with pytest.raises(ThreepasResponseError) as info:
        envelope.parse_response(body)

    assert info.value.code == "RESPONSE_TOO_LARGE"


def test_external_file_entity_is_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = f"""<?xml version="1.0"?>
    <!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file://{secret}">]>
    <s:Envelope xmlns:s="{c.SOAP_ENV_NS}"><s:Body>
      <VoegDossierToeEnPubliceerResponse xmlns="{c.DRP_NS}"><VoegDossierToeEnPubliceerResult>
        <Dossiernummer>&xxe;</Dossiernummer>
      </VoegDossierToeEnPubliceerResult></VoegDossierToeEnPubliceerResponse>
    </s:Body></s:Envelope>""".encode()

    with pytest.raises(ThreepasResponseError) as info:
        envelope.parse_response(body)

    assert info.value.code == "RESPONSE_UNSAFE"
    assert "TOP-SECRET-CONTENT" not in str(info.value)
    assert "TOP-SECRET-CONTENT" not in info.value.user_message()
    # The parser itself does not expand it either, so a DTD check is not the only guard.
    parsed = etree.fromstring(body, envelope._safe_parser())
    assert b"TOP-SECRET-CONTENT" not in etree.tostring(parsed)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY remote "FETCHED">')

    def log_message(self, *args):
        pass


def test_network_entities_and_dtds_are_never_fetched():
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for doctype in (
            f'<!DOCTYPE r [<!ENTITY net SYSTEM "{url}/entity">]>',
            f'<!DOCTYPE r SYSTEM "{url}/external.dtd">',
            f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{url}/param.dtd"> %p;]>',
        ):
            body = f'<?xml version="1.0"?>{doctype}<r>&net;</r>'.encode()
            with pytest.raises(ThreepasResponseError):
                envelope.parse_response(body)
            etree.fromstring(body, envelope._safe_parser(), base_url=url)
    finally:
        server.shutdown()
        server.server_close()

    assert _CountingHandler.hits == []


def test_entity_expansion_bomb_is_refused():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    body = f'<?xml version="1.0"?><!DOCTYPE r [{laughs}]><r>&l9;</r>'.encode()

    with pytest.raises(ThreepasResponseError) as info:
        envelope.parse_response(body)

    assert info.value.code == "RESPONSE_UNSAFE"


def test_is_alive_answer_is_read_as_a_boolean():
    assert envelope.parse_is_alive_response(envelope.build_is_alive_response(True)) is True
    assert envelope.parse_is_alive_response(envelope.build_is_alive_response(False)) is False


def test_read_fault_tells_faults_from_other_bodies():
    fault = envelope.read_fault(envelope.build_fault("DRP-BEZET", "Te druk"))

    assert isinstance(fault, ThreepasTransientError) and fault.code == "DRP-BEZET"
    assert envelope.read_fault(envelope.build_response("DRP-1")) is None
    assert envelope.read_fault(b"Internal Server Error") is None


def test_fault_envelope_uses_soap_1_1_faultcodes_by_outcome():
    root = etree.fromstring(envelope.build_fault("DRP-VALIDATIE", "Titel ontbreekt"))
    fault = root.find("s:Body/s:Fault", NS)

    assert fault.findtext("faultcode") == "s:Client"
    assert fault.findtext("detail/d:DropFout/d:Foutcode", namespaces=NS) == "DRP-VALIDATIE"
    transient = etree.fromstring(envelope.build_fault("DRP-TIJDELIJK", "later"))
    assert transient.findtext("s:Body/s:Fault/faultcode", namespaces=NS) == "s:Server"
