"""The contract room agrees with itself: code tables, XSD and WSDL tell the same story."""

from __future__ import annotations

import pytest
from lxml import etree

from zgw_threepas import constants
from zgw_threepas.threepas import contract as c
from zgw_threepas.threepas.envelope import WSDL_FILE, schema_path

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"


@pytest.fixture(scope="module")
def xsd():
    return etree.parse(str(schema_path()))


@pytest.fixture(scope="module")
def wsdl():
    return etree.parse(str(schema_path(WSDL_FILE)))


def sequence_of(xsd, type_name: str) -> list[str]:
    return xsd.xpath(
        f"/xs:schema/xs:complexType[@name='{type_name}']/xs:sequence/xs:element/@name",
        namespaces={"xs": XS},
    )


def enumeration_of(xsd, type_name: str) -> set[str]:
    return set(
        xsd.xpath(
            f"/xs:schema/xs:simpleType[@name='{type_name}']//xs:enumeration/@value",
            namespaces={"xs": XS},
        )
    )


def test_soapaction_header_is_the_quoted_wcf_action():
    assert c.SOAP_ACTION_PUBLISH == (
        '"http://schemas.koopwrp.nl/2020/01/drp/api/IDossierService/VoegDossierToeEnPubliceer"'
    )
    assert c.SOAP_ACTION_IS_ALIVE == (
        '"http://schemas.koopwrp.nl/2020/01/drp/api/IDossierService/IsAlive"'
    )


def test_content_type_is_soap_1_1():
    assert c.CONTENT_TYPE == "text/xml; charset=utf-8"
    assert c.SOAP_ENV_NS == "http://schemas.xmlsoap.org/soap/envelope/"


@pytest.mark.parametrize(
    "table, choices",
    [
        (c.PUBLICATIEBLAD_CODES, constants.Publicatieblad),
        (c.ORGANISATIE_TYPE_CODES, constants.OrganisatieType),
        (c.PUBLICATIETYPE_CODES, constants.PublicatieType),
        (c.RUBRIEK_CODES, constants.Rubriek),
        (c.ACTIVITEIT_CODES, constants.Activiteit),
    ],
)
def test_every_value_of_our_vocabulary_has_a_wire_code(table, choices):
    assert set(table) == set(choices.values)


def test_geen_publicatieblad_means_no_element():
    assert c.PUBLICATIEBLAD_CODES["geen"] is None
    assert c.PUBLICATIEBLAD_CODES["gemeenteblad"] == "Gemeenteblad"
    assert c.PUBLICATIEBLAD_CODES["provinciaal_blad"] == "Provinciaal blad"


@pytest.mark.parametrize(
    "table, xsd_type",
    [
        (c.PUBLICATIEBLAD_CODES, "Publicatieblad"),
        (c.ORGANISATIE_TYPE_CODES, "OrganisatieType"),
        (c.PUBLICATIETYPE_CODES, "PublicatieType"),
        (c.RUBRIEK_CODES, "Rubriek"),
        (c.ACTIVITEIT_CODES, "Activiteit"),
        ({t: t for t in c.GEBIEDSMARKERING_TYPES}, "GebiedsmarkeringType"),
    ],
)
def test_xsd_code_lists_equal_the_code_tables(xsd, table, xsd_type):
    wire_codes = {code for code in table.values() if code is not None}
    assert enumeration_of(xsd, xsd_type) == wire_codes


def test_xsd_element_order_equals_the_contract_order(xsd):
    assert sequence_of(xsd, "Dossier") == [f.element for f in c.DOSSIER_FIELDS]
    assert sequence_of(xsd, "Gebiedsmarkering") == [f.element for f in c.GEBIEDSMARKERING_FIELDS]


def test_xsd_optional_elements_are_the_optional_fields(xsd):
    optional = set(
        xsd.xpath(
            "/xs:schema/xs:complexType[@name='Dossier']/xs:sequence/xs:element"
            "[@minOccurs='0']/@name",
            namespaces={"xs": XS},
        )
    )
    assert optional == {f.element for f in c.DOSSIER_FIELDS if not f.required}


def test_xsd_target_namespace_is_the_drp_namespace(xsd):
    assert xsd.getroot().get("targetNamespace") == c.DRP_NS


def test_wsdl_binds_both_operations_with_soap_1_1_document_literal(wsdl):
    ns = {"wsdl": WSDL, "soap": WSDL_SOAP}
    binding = wsdl.find("wsdl:binding", ns)
    assert binding.find("soap:binding", ns).get("style") == "document"
    actions = {
        op.get("name"): op.find("soap:operation", ns).get("soapAction")
        for op in binding.findall("wsdl:operation", ns)
    }
    assert actions == {
        c.OPERATION_PUBLISH: c.soap_action_uri(c.OPERATION_PUBLISH),
        c.OPERATION_IS_ALIVE: c.soap_action_uri(c.OPERATION_IS_ALIVE),
    }
    bodies = binding.xpath(".//soap:body/@use", namespaces=ns)
    assert bodies and set(bodies) == {"literal"}


def test_wsdl_messages_point_at_elements_the_xsd_declares(wsdl, xsd):
    declared = set(xsd.xpath("/xs:schema/xs:element/@name", namespaces={"xs": XS}))
    parts = wsdl.xpath("//wsdl:message/wsdl:part/@element", namespaces={"wsdl": WSDL})
    assert {part.split(":")[1] for part in parts} <= declared
    assert len(parts) == 5
    location = wsdl.xpath("//xs:import/@schemaLocation", namespaces={"xs": XS})
    assert location == [schema_path().name]


def test_wsdl_imported_schema_compiles_as_the_wsdl_refers_to_it():
    schema = etree.XMLSchema(etree.parse(str(schema_path())))
    empty_is_alive = etree.fromstring(f'<IsAlive xmlns="{c.DRP_NS}"/>')
    assert schema.validate(empty_is_alive)


@pytest.mark.parametrize(
    "code, outcome",
    [
        ("DRP-TIJDELIJK", "transient"),
        ("DRP-ONDERHOUD", "transient"),
        ("a:ServerTooBusy", "transient"),
        ("DRP-VALIDATIE", "permanent"),
        ("s:Client", "permanent"),
        ("a:ActionNotSupported", "permanent"),
        # A failure that may come after DROP stored the message, and codes never seen.
        ("s:Server", "ambiguous"),
        ("a:InternalServiceFault", "ambiguous"),
        ("KOOP-4711", "ambiguous"),
        ("", "ambiguous"),
    ],
)
def test_fault_codes_are_classified_and_unknown_ones_are_ambiguous(code, outcome):
    assert c.fault_outcome(code) == outcome


def test_assumptions_are_complete_and_uniquely_numbered():
    ids = [a.id for a in c.ASSUMPTIONS]
    assert len(ids) == len(set(ids)) >= 15
    for assumption in c.ASSUMPTIONS:
        assert assumption.statement and assumption.why and assumption.if_wrong, assumption.id


def test_assumptions_quote_the_current_contract_values():
    text = " ".join(a.statement for a in c.ASSUMPTIONS)
    assert c.SOAP_ACTION_PUBLISH in text
    assert c.OPERATION_IS_ALIVE in text
    assert c.DRP_NS in text
