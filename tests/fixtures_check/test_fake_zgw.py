"""The fake ZGW API behaves like Open Zaak 1.30 where the product depends on it.

Everything here goes over real HTTP with ``requests``.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from testapp.fake_zgw import fixtures, start_in_thread, stop
from tests import oas

pytestmark = pytest.mark.integration

CRS = {"Accept-Crs": "EPSG:4326"}
WRITE_CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
EXPAND = "status,status.statustype,zaaktype,resultaat,resultaat.resultaattype,zaakobjecten"
REFERENCE = oas.REPO_ROOT.parent / "shared" / "reference" / "openzaak-1.30" / "resources.json"


@pytest.fixture(scope="module")
def server():
    server, app, base_url = start_in_thread()
    yield app, base_url
    stop(server)


@pytest.fixture
def app(server):
    app, _ = server
    app.load_fixtures()
    app.latency_seconds = 0
    app.page_size = 100
    app.reset()
    return app


@pytest.fixture
def base(server, app):
    return server[1]


@pytest.fixture
def zaak(base):
    return fixtures.load("zaak", base)


def get(url, **kwargs):
    return requests.get(url, timeout=10, **kwargs)


def reference_expand():
    if not REFERENCE.is_file():
        pytest.skip(f"Open Zaak 1.30 reference output not found at {REFERENCE}")
    return json.loads(REFERENCE.read_text(encoding="utf-8"))["zaak_expanded"]["_expand"]


class TestCrsNegotiation:
    def test_zaak_without_accept_crs_is_refused_with_412_problem(self, zaak):
        response = get(zaak["url"])

        assert response.status_code == 412
        assert response.headers["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 412
        assert problem["code"] == "precondition_failed"
        assert problem["detail"] == "'Accept-Crs' header ontbreekt"

    def test_zaken_list_needs_accept_crs_too(self, base):
        assert get(f"{base}/zaken/api/v1/zaken").status_code == 412

    def test_zaak_in_another_crs_is_refused_with_406(self, zaak):
        response = get(zaak["url"], headers={"Accept-Crs": "EPSG:28992"})

        assert response.status_code == 406
        assert response.json()["detail"] == "CRS 'EPSG:28992' is niet ondersteund"

    def test_zaak_answers_with_content_crs_and_api_version(self, zaak):
        response = get(zaak["url"], headers=CRS)

        assert response.status_code == 200
        assert response.headers["Content-Crs"] == "EPSG:4326"
        assert response.headers["API-version"] == "1.5.1"

    def test_resources_without_geometry_do_not_negotiate_crs(self, base):
        # As in the Zaken API spec: only the zaken endpoints take the CRS headers.
        status = fixtures.load("status_aanvraag_ontvangen", base)

        response = get(status["url"])

        assert response.status_code == 200
        assert "Content-Crs" not in response.headers


class TestExpand:
    def test_expand_has_the_shape_of_real_open_zaak_output(self, app, zaak):
        reference = reference_expand()
        app.set_resultaat(zaak["uuid"], fixtures.load("resultaat")["uuid"])

        expand = get(zaak["url"], params={"expand": EXPAND}, headers=CRS).json()["_expand"]

        assert list(expand) == ["zaaktype", "status", "zaakobjecten", "resultaat"]
        assert set(expand["zaaktype"]) == set(reference["zaaktype"])
        assert set(expand["status"]) == set(reference["status"])
        assert set(expand["status"]["_expand"]) == {"statustype"}
        assert set(expand["status"]["_expand"]["statustype"]) == set(
            reference["status"]["_expand"]["statustype"]
        )
        assert [set(item) for item in expand["zaakobjecten"]] == [set(reference["zaakobjecten"][0])]
        assert set(expand["resultaat"]["_expand"]) == {"resultaattype"}

    def test_expanded_resources_equal_the_resources_themselves(self, app, base, zaak):
        app.set_resultaat(zaak["uuid"], fixtures.load("resultaat")["uuid"])

        expand = get(zaak["url"], params={"expand": EXPAND}, headers=CRS).json()["_expand"]

        status = expand["status"]
        statustype = status.pop("_expand")["statustype"]
        assert status == fixtures.load("status_aanvraag_ontvangen", base)
        assert statustype == fixtures.load("statustype_aanvraag_ontvangen", base)
        assert expand["zaaktype"] == fixtures.load("zaaktype", base)
        assert expand["zaakobjecten"] == [fixtures.load("zaakobject", base)]
        resultaattype = expand["resultaat"].pop("_expand")["resultaattype"]
        assert expand["resultaat"] == fixtures.load("resultaat", base)
        assert resultaattype == fixtures.load("resultaattype_verleend", base)

    def test_only_what_was_asked_is_expanded(self, zaak):
        expand = get(zaak["url"], params={"expand": "zaaktype"}, headers=CRS).json()["_expand"]

        assert list(expand) == ["zaaktype"]
        assert "_expand" not in expand["zaaktype"]

    def test_a_nested_path_implies_its_parent(self, zaak):
        expand = get(zaak["url"], params={"expand": "status.statustype"}, headers=CRS).json()

        assert list(expand["_expand"]) == ["status"]
        assert expand["_expand"]["status"]["_expand"]["statustype"]["volgnummer"] == 1

    def test_status_without_nested_path_has_no_nested_expand(self, zaak):
        expand = get(zaak["url"], params={"expand": "status"}, headers=CRS).json()["_expand"]

        assert "_expand" not in expand["status"]

    def test_empty_relations_are_left_out_and_no_expand_means_no_expand_key(self, zaak):
        # The zaak has no resultaat yet: Open Zaak then renders no "resultaat" key at all.
        expanded = get(zaak["url"], params={"expand": "resultaat"}, headers=CRS).json()
        plain = get(zaak["url"], headers=CRS).json()

        assert "_expand" not in expanded
        assert "_expand" not in plain

    def test_an_unknown_expand_path_is_a_400(self, zaak):
        response = get(zaak["url"], params={"expand": "status,zaaktype.catalogus"}, headers=CRS)

        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "expand"

    def test_the_end_status_closes_the_zaak_and_shows_in_expand(self, app, base, zaak):
        eindstatus = fixtures.load("status_besluit_genomen")

        app.set_status(zaak["uuid"], eindstatus["uuid"])
        data = get(zaak["url"], params={"expand": EXPAND}, headers=CRS).json()

        assert data["status"].endswith(eindstatus["uuid"])
        assert data["einddatum"] == "2026-04-15"
        assert data["resultaat"].endswith(fixtures.load("resultaat")["uuid"])
        status = data["_expand"]["status"]
        assert status["indicatieLaatstGezetteStatus"] is True
        assert status["_expand"]["statustype"]["isEindstatus"] is True
        assert data["_expand"]["resultaat"]["_expand"]["resultaattype"]["omschrijving"] == (
            "Verleend"
        )
        first = get(fixtures.load("status_aanvraag_ontvangen", base)["url"])
        assert first.json()["indicatieLaatstGezetteStatus"] is False


class TestLists:
    def test_besluiten_of_a_zaak(self, base, zaak):
        response = get(f"{base}/besluiten/api/v1/besluiten", params={"zaak": zaak["url"]})

        assert response.status_code == 200
        page = response.json()
        assert list(page) == ["count", "next", "previous", "results"]
        assert (page["count"], page["next"], page["previous"]) == (1, None, None)
        assert page["results"] == [fixtures.load("besluit", base)]

    def test_zaakobjecten_of_each_zaak(self, base, zaak):
        winkelpand = fixtures.load("zaak_winkelpand", base)
        url = f"{base}/zaken/api/v1/zaakobjecten"

        own = get(url, params={"zaak": zaak["url"]}).json()["results"]
        other = get(url, params={"zaak": winkelpand["url"]}).json()["results"]

        assert own == [fixtures.load("zaakobject", base)]
        assert [item["objectIdentificatie"]["huisletter"] for item in other] == ["A"]

    def test_rollen_of_a_zaak_contain_the_applicant(self, base, zaak):
        page = get(f"{base}/zaken/api/v1/rollen", params={"zaak": zaak["url"]}).json()

        assert page["count"] == 1
        assert page["results"][0]["betrokkeneIdentificatie"]["inpBsn"] == "111222333"

    def test_a_zaak_without_besluiten_gets_an_empty_page(self, base):
        winkelpand = fixtures.load("zaak_winkelpand", base)

        page = get(f"{base}/besluiten/api/v1/besluiten", params={"zaak": winkelpand["url"]}).json()

        assert page == {"count": 0, "next": None, "previous": None, "results": []}

    def test_unknown_query_parameters_are_a_400(self, base, zaak):
        response = get(f"{base}/zaken/api/v1/rollen", params={"zaak_url": zaak["url"]})

        assert response.status_code == 400
        assert response.json()["invalidParams"] == [
            {
                "name": "nonFieldErrors",
                "code": "unknown-parameters",
                "reason": "Onbekende query parameters: zaak_url",
            }
        ]

    def test_pages_link_to_each_other(self, app, base):
        app.page_size = 2
        seen = []
        url = f"{base}/catalogi/api/v1/statustypen"
        params = {"zaaktypeIdentificatie": "OMGEVINGSVERGUNNING-REGULIER"}

        first = get(url, params=params).json()
        seen += first["results"]
        second = get(first["next"]).json()
        seen += second["results"]
        third = get(second["next"]).json()
        seen += third["results"]

        assert first["count"] == 6
        assert first["previous"] is None
        assert third["next"] is None
        assert get(third["previous"]).json() == second
        assert len({item["url"] for item in seen}) == 6

    def test_zaaktypen_by_identificatie_and_validity_date(self, base):
        url = f"{base}/catalogi/api/v1/zaaktypen"
        ident = {"identificatie": "OMGEVINGSVERGUNNING-REGULIER"}

        all_versions = get(url, params=ident).json()
        in_2025 = get(url, params={**ident, "datumGeldigheid": "2025-06-01"}).json()
        in_2026 = get(url, params={**ident, "datumGeldigheid": "2026-03-02"}).json()

        assert all_versions["count"] == 2
        assert [item["url"] for item in in_2025["results"]] == [
            fixtures.load("zaaktype_previous_version", base)["url"]
        ]
        assert [item["url"] for item in in_2026["results"]] == [
            fixtures.load("zaaktype", base)["url"]
        ]


class TestDetails:
    @pytest.mark.parametrize("name", fixtures.resource_names())
    def test_every_fixture_is_served_at_its_url(self, base, name):
        resource = fixtures.load(name, base)

        response = get(resource["url"], headers=CRS)

        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.json() == resource

    def test_an_unknown_resource_is_a_404_problem(self, base):
        response = get(f"{base}/besluiten/api/v1/besluiten/00000000-0000-4000-8000-000000000000")

        assert response.status_code == 404
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "not_found"
        assert response.json()["type"] == f"{base}/ref/fouten/NotFound/"

    def test_an_unknown_path_is_a_404_problem(self, base):
        assert get(f"{base}/zaken/api/v1/klantcontacten").status_code == 404
        assert get(f"{base}/documenten/api/v1/enkelvoudiginformatieobjecten").status_code == 404

    def test_a_removed_resource_is_gone(self, app, base):
        besluit = fixtures.load("besluit", base)

        app.remove(besluit["url"])

        assert get(besluit["url"]).status_code == 404


class TestPatch:
    def test_patch_zaak_merges_and_is_kept(self, base, zaak):
        kenmerken = [*zaak["kenmerken"], {"kenmerk": "gmb-2026-12345", "bron": "DROP"}]

        response = requests.patch(
            zaak["url"],
            json={"publicatiedatum": "2026-03-05", "kenmerken": kenmerken},
            headers=WRITE_CRS,
            timeout=10,
        )

        assert response.status_code == 200
        stored = get(zaak["url"], headers=CRS).json()
        assert stored == response.json()
        assert stored["publicatiedatum"] == "2026-03-05"
        assert stored["kenmerken"] == kenmerken
        assert stored["omschrijving"] == zaak["omschrijving"]
        assert stored["laatstGemuteerd"] > zaak["laatstGemuteerd"]

    def test_patch_ignores_read_only_and_unknown_fields(self, zaak):
        response = requests.patch(
            zaak["url"],
            json={"url": "http://elders/1", "status": None, "drop": "x", "toelichting": "t"},
            headers=WRITE_CRS,
            timeout=10,
        )

        data = response.json()
        assert (data["url"], data["status"], data["toelichting"]) == (
            zaak["url"],
            zaak["status"],
            "t",
        )
        assert "drop" not in data

    def test_patch_zaak_needs_content_crs(self, zaak):
        response = requests.patch(
            zaak["url"], json={"publicatiedatum": "2026-03-05"}, headers=CRS, timeout=10
        )

        assert response.status_code == 412
        assert response.json()["detail"] == "'Content-Crs' header ontbreekt"

    def test_patch_rejects_a_malformed_date(self, zaak):
        response = requests.patch(
            zaak["url"], json={"publicatiedatum": "5 maart 2026"}, headers=WRITE_CRS, timeout=10
        )

        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "publicatiedatum"

    def test_patch_besluit_stores_urls_of_the_served_base(self, app, base):
        besluit = fixtures.load("besluit", base)
        winkelpand = fixtures.load("zaak_winkelpand", base)

        response = requests.patch(
            besluit["url"],
            json={"publicatiedatum": "2026-04-20", "zaak": winkelpand["url"]},
            timeout=10,
        )

        assert response.status_code == 200
        assert app.get(besluit["url"])["zaak"] == fixtures.load("zaak_winkelpand")["url"]
        listed = get(f"{base}/besluiten/api/v1/besluiten", params={"zaak": winkelpand["url"]})
        assert [item["publicatiedatum"] for item in listed.json()["results"]] == ["2026-04-20"]

    def test_other_resources_cannot_be_patched(self, base):
        status = fixtures.load("status_aanvraag_ontvangen", base)

        response = requests.patch(status["url"], json={"statustoelichting": "x"}, timeout=10)

        assert response.status_code == 405


class TestAuthorization:
    def test_without_authorization_header_the_answer_is_403(self):
        server, _, base = start_in_thread(require_auth=True)
        try:
            besluit = fixtures.load("besluit", base)
            refused = get(besluit["url"])
            allowed = get(besluit["url"], headers={"Authorization": "Bearer abc"})
        finally:
            stop(server)

        assert refused.status_code == 403
        assert refused.json()["code"] == "not_authenticated"
        assert allowed.status_code == 200

    def test_authentication_is_checked_before_the_crs(self):
        server, _, base = start_in_thread(require_auth=True)
        try:
            response = get(fixtures.load("zaak", base)["url"])
        finally:
            stop(server)

        assert response.status_code == 403


class TestRecording:
    def test_every_request_is_recorded_with_method_path_query_and_headers(self, app, zaak):
        get(zaak["url"], params={"expand": "status"}, headers={**CRS, "Authorization": "T"})
        requests.patch(zaak["url"], json={"toelichting": "x"}, headers=WRITE_CRS, timeout=10)

        first, second = app.requests
        assert first.method == "GET"
        assert first.path == f"/zaken/api/v1/zaken/{zaak['uuid']}"
        assert first.query == {"expand": "status"}
        assert first.headers["Accept-Crs"] == "EPSG:4326"
        assert first.headers["Authorization"] == "T"
        assert "Content-Type" not in first.headers
        assert second.method == "PATCH"
        assert second.json() == {"toelichting": "x"}
        assert second.headers["Content-Type"] == "application/json"

    def test_refused_requests_are_recorded_too(self, app, zaak):
        get(zaak["url"])

        assert [(r.method, r.path) for r in app.requests] == [
            ("GET", f"/zaken/api/v1/zaken/{zaak['uuid']}")
        ]

    def test_reset_forgets_and_calls_filters(self, app, base, zaak):
        get(zaak["url"], headers=CRS)
        get(fixtures.load("zaaktype", base)["url"])
        get(fixtures.load("besluittype", base)["url"])

        assert len(app.calls("GET", "/catalogi/")) == 2
        assert len(app.calls(path_prefix="/zaken/api/v1/zaken/")) == 1
        assert app.calls("PATCH") == []
        app.reset()
        assert app.requests == []

    def test_concurrent_requests_are_all_served_and_recorded(self, app, base):
        url = fixtures.load("zaaktype", base)["url"]
        statuses = []

        def fetch():
            for _ in range(5):
                statuses.append(get(url).status_code)

        threads = [threading.Thread(target=fetch) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert statuses == [200] * 40
        assert len(app.calls("GET")) == 40

    def test_latency_is_added_before_each_answer(self, app, base):
        app.latency_seconds = 0.2
        started = time.monotonic()

        get(fixtures.load("catalogus", base)["url"])

        assert time.monotonic() - started >= 0.2


class TestUrlRewriting:
    def test_no_fixture_base_url_leaks_into_responses(self, app, base, zaak):
        app.set_resultaat(zaak["uuid"], fixtures.load("resultaat")["uuid"])

        text = get(zaak["url"], params={"expand": EXPAND}, headers=CRS).text

        assert fixtures.FIXTURE_BASE not in text
        assert f"{base}/catalogi/api/v1/zaaktypen/" in text

    def test_urls_follow_the_host_the_client_used(self, base, zaak):
        response = get(zaak["url"], headers={**CRS, "Host": "openzaak.gemeente.example"})

        assert response.json()["url"] == (
            f"http://openzaak.gemeente.example/zaken/api/v1/zaken/{zaak['uuid']}"
        )

    def test_next_links_use_the_served_base(self, app, base):
        app.page_size = 1

        page = get(f"{base}/catalogi/api/v1/zaaktypen").json()

        assert page["next"].startswith(f"{base}/catalogi/api/v1/zaaktypen?")

    def test_fixture_helpers_rewrite_resources_and_notifications(self, base):
        message = fixtures.notification("status_create", base)

        assert message["hoofdObject"] == fixtures.load("zaak", base)["url"]
        assert message["resourceUrl"].startswith(f"{base}/zaken/api/v1/statussen/")
        assert message["kenmerken"]["zaaktype"].startswith(f"{base}/catalogi/")
        assert fixtures.load("zaak")["url"].startswith("http://openzaak.local/")

    def test_added_resources_may_use_the_served_base(self, app, base):
        besluit = fixtures.load("besluit", base)
        besluit["url"] = besluit["url"][:-36] + "0f0e58c3-4a5b-4a1f-9a35-3f2f7b1f0c55"
        besluit["identificatie"] = "BESLUIT-2026-0000000008"

        stored = app.add(besluit)

        assert stored["zaak"] == fixtures.load("zaak")["url"]
        page = get(f"{base}/besluiten/api/v1/besluiten", params={"zaak": besluit["zaak"]})
        assert page.json()["count"] == 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_command_line_runs_the_api_until_interrupted():
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(oas.REPO_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "testapp.fake_zgw", "--port", str(port)],
        cwd=oas.REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/catalogi/api/v1/catalogussen"
        deadline = time.monotonic() + 20
        while True:
            try:
                response = get(url)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert response.json()["count"] == 1
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)

    assert process.returncode == 0
    assert f"Fake ZGW API at http://127.0.0.1:{port}" in output
