"""The ZGW fixtures look like real Open Zaak 1.30 output and conform to the official specs.

Three kinds of evidence: every fixture validates in ``complete`` mode (all declared fields
present, nothing invented) against its schema; the real output captured from Open Zaak 1.30
validates the same way, so the validator is not stricter than reality; and broken resources
are rejected, so it is not a rubber stamp.
"""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import requests

from testapp.fake_zgw import fixtures, running
from tests import oas

REFERENCE_DIR = oas.REPO_ROOT.parent / "shared" / "reference" / "openzaak-1.30"

SCHEMA_OF_COLLECTION = {
    "zaken": ("Zaak", "zaken"),
    "statussen": ("Status", "zaken"),
    "resultaten": ("Resultaat", "zaken"),
    "zaakobjecten": ("ZaakObject", "zaken"),
    "rollen": ("Rol", "zaken"),
    "catalogussen": ("Catalogus", "catalogi"),
    "zaaktypen": ("ZaakType", "catalogi"),
    "statustypen": ("StatusType", "catalogi"),
    "resultaattypen": ("ResultaatType", "catalogi"),
    "roltypen": ("RolType", "catalogi"),
    "besluittypen": ("BesluitType", "catalogi"),
    "besluiten": ("Besluit", "besluiten"),
}

# Fixture -> the resource of the same kind in resources.json, whose keys it must share.
REFERENCE_SHAPES = {
    "zaak": ("zaak",),
    "zaak_winkelpand": ("zaak",),
    "status_aanvraag_ontvangen": ("status",),
    "status_besluit_genomen": ("status",),
    "zaakobject": ("zaakobject",),
    "zaakobject_winkelpand": ("zaakobject",),
    "zaaktype": ("zaaktype_publish",),
    "zaaktype_previous_version": ("zaaktype_publish",),
    "besluittype": ("besluittype_publish",),
    "statustype_aanvraag_ontvangen": (
        "zaak_expanded",
        "_expand",
        "status",
        "_expand",
        "statustype",
    ),
    "statustype_besluit_genomen": ("zaak_expanded", "_expand", "status", "_expand", "statustype"),
}

NOTIFICATION_KENMERKEN = {
    "zaken": {"bronorganisatie", "zaaktype", "zaaktype.catalogus", "vertrouwelijkheidaanduiding"},
    "besluiten": {"verantwoordelijkeOrganisatie", "besluittype", "besluittype.catalogus"},
}

COLLECTION_OF_RESOURCE = {
    "zaak": "zaken",
    "status": "statussen",
    "resultaat": "resultaten",
    "zaakobject": "zaakobjecten",
    "rol": "rollen",
    "besluit": "besluiten",
}

EXPAND = "status,status.statustype,zaaktype,resultaat,resultaat.resultaattype,zaakobjecten"


def schema_of(resource: dict) -> tuple[str, str]:
    return SCHEMA_OF_COLLECTION[fixtures.collection_of(resource["url"])]


def reference(name: str):
    path = REFERENCE_DIR / name
    if not path.is_file():
        pytest.skip(f"Open Zaak 1.30 reference output not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def walk_urls(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from walk_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_urls(item)
    elif isinstance(value, str) and value.startswith(f"{fixtures.FIXTURE_BASE}/"):
        yield value


@pytest.mark.parametrize("name", fixtures.resource_names())
def test_every_resource_fixture_is_a_complete_response_of_its_spec(name):
    resource = fixtures.load(name)
    schema_name, spec = schema_of(resource)

    oas.validate(resource, schema_name, spec, complete=True)


@pytest.mark.parametrize("name", fixtures.notification_names())
def test_every_notification_fixture_is_a_valid_notificaties_message(name):
    oas.validate(fixtures.notification(name), "Message", "notificaties", complete=True)


@pytest.mark.parametrize("name", fixtures.notification_names())
def test_notifications_carry_open_zaaks_kenmerken_and_point_at_existing_fixtures(name):
    message = fixtures.notification(name)
    known_urls = {resource["url"] for resource in fixtures.all_resources().values()}

    assert set(message["kenmerken"]) == NOTIFICATION_KENMERKEN[message["kanaal"]]
    assert message["hoofdObject"] in known_urls
    assert message["resourceUrl"] in known_urls
    assert (
        fixtures.collection_of(message["resourceUrl"])
        == COLLECTION_OF_RESOURCE[message["resource"]]
    )


@pytest.mark.parametrize("name", sorted(REFERENCE_SHAPES))
def test_fixture_has_exactly_the_fields_open_zaak_1_30_returns(name):
    expected = reference("resources.json")
    for key in REFERENCE_SHAPES[name]:
        expected = expected[key]

    assert set(fixtures.load(name)) == set(expected) - {"_expand"}


def test_every_link_between_fixtures_resolves_to_a_fixture():
    resources = fixtures.all_resources()
    known = {resource["url"] for resource in resources.values()}
    for name in fixtures.notification_names():
        resources[f"notification {name}"] = fixtures.notification(name)

    dangling = {
        (name, url) for name, resource in resources.items() for url in walk_urls(resource)
    } - {(name, url) for name, resource in resources.items() for url in known}

    assert dangling == set()


def test_fixture_urls_use_real_zgw_paths_and_fixed_uuids():
    pattern = re.compile(
        r"^http://openzaak\.local/(zaken|catalogi|besluiten)/api/v1/[a-z]+/"
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
    )
    urls = [resource["url"] for resource in fixtures.all_resources().values()]

    assert all(pattern.match(url) for url in urls), urls
    assert len(set(urls)) == len(urls)


def test_zaaktype_versions_share_identificatie_but_not_url():
    current = fixtures.load("zaaktype")
    previous = fixtures.load("zaaktype_previous_version")
    winkelpand = fixtures.load("zaak_winkelpand")

    assert current["identificatie"] == previous["identificatie"] == "OMGEVINGSVERGUNNING-REGULIER"
    assert current["url"] != previous["url"]
    assert winkelpand["zaaktype"] == previous["url"]
    assert previous["eindeGeldigheid"] < current["beginGeldigheid"]


class TestRealOpenZaakOutput:
    """The validator accepts what Open Zaak 1.30 really returned (shared/reference)."""

    @pytest.mark.parametrize(
        "key, schema_name, spec",
        [
            ("zaak", "Zaak", "zaken"),
            ("zaak_expanded", "ExpandZaak", "zaken"),
            ("zaakobject", "ZaakObject", "zaken"),
            ("status", "Status", "zaken"),
            ("zaaktype_publish", "ZaakType", "catalogi"),
            ("besluittype_publish", "BesluitType", "catalogi"),
            # Open Zaak refused the besluit of the capture run: its answer is a ValidatieFout.
            ("besluit", "ValidatieFout", "besluiten"),
        ],
    )
    def test_reference_resource_is_accepted(self, key, schema_name, spec):
        oas.validate(reference("resources.json")[key], schema_name, spec, complete=True)

    def test_reference_expanded_relations_are_accepted(self):
        expand = reference("resources.json")["zaak_expanded"]["_expand"]

        oas.validate(expand["zaaktype"], "ZaakType", "catalogi", complete=True)
        oas.validate(
            expand["status"]["_expand"]["statustype"], "StatusType", "catalogi", complete=True
        )

    def test_reference_notifications_are_accepted(self):
        for sent in reference("notifications-sent.json"):
            oas.validate(sent["body"], "Message", "notificaties", complete=True)


class TestValidatorRejects:
    """Broken resources fail: the check can fail, and says where."""

    @pytest.mark.parametrize(
        "name, path, value, complaint",
        [
            ("zaak", ("registratiedatum",), "02-03-2026", "is not a 'date'"),
            ("zaak", ("zaakgeometrie", "coordinates"), [[4.8922, 52.3731]], "is not of type"),
            ("zaak", ("zaaktype",), "openzaak.local/zaaktypen/1", "is not a 'uri'"),
            ("zaak", ("vertrouwelijkheidaanduiding",), "publiek", "is not one of"),
            ("zaakobject", ("objectType",), "adress", "is not one of"),
            ("zaakobject", ("objectIdentificatie", "huisnummer"), "1", "is not of type 'integer'"),
            ("status", None, None, None),
            ("rol_aanvrager", ("betrokkeneIdentificatie", "inpBsn"), "11122233", "is too short"),
            ("besluittype", ("reactietermijn",), "6 weken", "is not a 'duration'"),
            ("besluit", ("uiterlijkeReactiedatum",), "2026-02-30", "is not a 'date'"),
        ],
    )
    def test_broken_fixture_is_rejected(self, name, path, value, complaint):
        resource = fixtures.load(name if name != "status" else "status_aanvraag_ontvangen")
        if path is None:
            del resource["statustype"]
            complaint = "'statustype' is a required property"
        else:
            target = resource
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        schema_name, spec = schema_of(resource)

        with pytest.raises(jsonschema.ValidationError, match=re.escape(complaint)):
            oas.validate(resource, schema_name, spec)

    @pytest.mark.parametrize(
        "field, value, complaint",
        [
            ("aanmaakdatum", "2026-03-02T09:14:04", "is not a 'date-time'"),
            ("hoofdObject", "ZAAK-2026-0000000042", "is not a 'uri'"),
            ("kenmerken", {"bronorganisatie": 2220647}, "is not of type 'string'"),
        ],
    )
    def test_broken_notification_is_rejected(self, field, value, complaint):
        message = fixtures.notification("status_create")
        message[field] = value

        with pytest.raises(jsonschema.ValidationError, match=re.escape(complaint)):
            oas.validate(message, "Message", "notificaties")

    def test_complete_mode_rejects_a_missing_field(self):
        zaak = fixtures.load("zaak")
        del zaak["publicatiedatum"]

        oas.validate(zaak, "Zaak", "zaken")
        with pytest.raises(jsonschema.ValidationError, match="'publicatiedatum' is a required"):
            oas.validate(zaak, "Zaak", "zaken", complete=True)

    def test_complete_mode_rejects_an_invented_field(self):
        zaak = fixtures.load("zaak")
        zaak["zaakType"] = zaak["zaaktype"]

        with pytest.raises(jsonschema.ValidationError, match="'zaakType' was unexpected"):
            oas.validate(zaak, "Zaak", "zaken", complete=True)

    def test_complete_mode_rejects_an_invented_nested_field(self):
        zaakobject = fixtures.load("zaakobject")
        zaakobject["objectIdentificatie"]["huisnr"] = 1

        with pytest.raises(jsonschema.ValidationError, match="'huisnr' was unexpected"):
            oas.validate(zaakobject, "ZaakObject", "zaken", complete=True)

    def test_known_open_zaak_deviations_stay_narrow(self):
        zaak = fixtures.load("zaak")
        zaak["opdrachtgevendeOrganisatie"] = "12345"
        catalogus = fixtures.load("catalogus")
        # Only ZaakType.broncatalogus.rsin may be "", not the RSIN of a catalogus.
        catalogus["rsin"] = ""

        with pytest.raises(jsonschema.ValidationError, match="opdrachtgevendeOrganisatie"):
            oas.validate(zaak, "Zaak", "zaken")
        with pytest.raises(jsonschema.ValidationError, match="rsin: '' is too short"):
            oas.validate(catalogus, "Catalogus", "catalogi")


def test_missing_specs_skip_with_the_folder_in_the_reason(monkeypatch, tmp_path):
    missing = tmp_path / "no-oas-here"
    monkeypatch.setenv("ZGW_OAS_DIR", str(missing))

    with pytest.raises(pytest.skip.Exception, match=f"official OAS specs not found at {missing}"):
        oas.validate(fixtures.load("zaak"), "Zaak", "zaken")


def test_oas_folder_defaults_to_shared_next_to_the_repository(monkeypatch):
    monkeypatch.delenv("ZGW_OAS_DIR", raising=False)

    assert oas.oas_dir() == Path(oas.REPO_ROOT).parent / "shared" / "oas"


class TestFakeApiOutput:
    """What the fake API serves conforms to the specs too, including ``_expand``."""

    @pytest.fixture(scope="class")
    @classmethod
    def expanded_zaak(cls):
        with running() as (app, base_url):
            zaak = fixtures.load("zaak")
            resultaat = fixtures.load("resultaat")
            app.set_resultaat(zaak["uuid"], resultaat["uuid"])
            response = requests.get(
                fixtures.load("zaak", base_url)["url"],
                params={"expand": EXPAND},
                headers={"Accept-Crs": "EPSG:4326"},
                timeout=10,
            )
        response.raise_for_status()
        return response.json()

    def test_expanded_zaak_is_a_complete_expand_zaak(self, expanded_zaak):
        assert set(expanded_zaak["_expand"]) == {"zaaktype", "status", "resultaat", "zaakobjecten"}
        oas.validate(expanded_zaak, "ExpandZaak", "zaken", complete=True)

    def test_expanded_relations_are_complete_resources(self, expanded_zaak):
        expand = copy.deepcopy(expanded_zaak["_expand"])
        statustype = expand["status"].pop("_expand")["statustype"]
        resultaattype = expand["resultaat"].pop("_expand")["resultaattype"]

        oas.validate(expand["zaaktype"], "ZaakType", "catalogi", complete=True)
        oas.validate(expand["status"], "Status", "zaken", complete=True)
        oas.validate(statustype, "StatusType", "catalogi", complete=True)
        oas.validate(expand["resultaat"], "Resultaat", "zaken", complete=True)
        oas.validate(resultaattype, "ResultaatType", "catalogi", complete=True)
        for zaakobject in expand["zaakobjecten"]:
            oas.validate(zaakobject, "ZaakObject", "zaken", complete=True)
