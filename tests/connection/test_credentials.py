"""Step 1 of KOOP's procedure: a username and password, by HTTP basic or a WS-Security
UsernameToken, chosen on the organisation and checked by the simulator over real HTTP.

KOOP does not publish which of the two the proof-of-concept endpoint expects, so both must be
selectable, both must arrive as the simulator expects them, and a refusal of either must say
so (and suggest the other) in ``threepas_check``.
"""

from __future__ import annotations

import base64

from django.utils import translation

import pytest
import requests

from zgw_threepas.constants import Aansluitstap
from zgw_threepas.constants import ThreepasAuthenticatie as Auth
from zgw_threepas.delivery.testpublication import send_test_publication
from zgw_threepas.models import Bericht
from zgw_threepas.threepas import contract
from zgw_threepas.threepas.errors import ThreepasError

from .conftest import run_check

pytestmark = pytest.mark.django_db

USERNAME = "gemeente-amsterdam-poc"
PASSWORD = "poc-Secret-4711"


def require_credentials(simulator: str, username: str = USERNAME, password: str = PASSWORD):
    response = requests.post(
        f"{simulator}/_simulator/credentials",
        json={"username": username, "password": password},
        timeout=5,
    )
    response.raise_for_status()


def received(simulator: str) -> list[dict]:
    return requests.get(f"{simulator}/_simulator/received", timeout=5).json()


@pytest.fixture
def poc(organisatie, simulator):
    """An organisation at step 1 whose simulator accepts only USERNAME and PASSWORD."""
    organisatie.aansluitstap = Aansluitstap.poc
    organisatie.gebruikersnaam = USERNAME
    organisatie.wachtwoord = PASSWORD
    organisatie.save()
    require_credentials(simulator)
    return organisatie


def use(organisatie, method: str, *, password: str = PASSWORD):
    organisatie.authenticatie = method
    organisatie.wachtwoord = password
    organisatie.save()


def test_http_basic_is_sent_as_an_authorization_header_and_accepted(poc, simulator):
    use(poc, Auth.http_basic)

    result = send_test_publication(poc)

    [message] = received(simulator)
    assert message["dossiernummer"] == result.dossiernummer
    scheme, _, encoded = message["headers"]["Authorization"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f"{USERNAME}:{PASSWORD}"
    assert "Security" not in message["raw_request"]  # no WS-Security header as well


def test_a_username_token_is_sent_in_the_security_header_and_accepted(poc, simulator):
    use(poc, Auth.ws_security_username_token)

    result = send_test_publication(poc)

    [message] = received(simulator)
    assert message["dossiernummer"] == result.dossiernummer
    assert message["username"] == USERNAME
    assert "Authorization" not in message["headers"]
    assert contract.WSSE_NS in message["raw_request"]
    assert PASSWORD in message["raw_request"]  # the simulator checked it
    # ... and the message log keeps everything except the password.
    logged = Bericht.objects.get()
    assert USERNAME in logged.request
    assert PASSWORD not in logged.request


@pytest.mark.parametrize("method", [Auth.http_basic, Auth.ws_security_username_token])
def test_the_check_passes_with_the_right_username_and_password(poc, simulator, method):
    use(poc, method)

    output, error = run_check()

    assert error is None, output
    assert "[OK]      The 3PAS service answered isAlive" in output
    assert "3PAS connection check passed: 0 errors, 0 warnings." in output


def test_a_wrong_http_basic_password_is_reported_with_the_other_method_to_try(poc, simulator):
    use(poc, Auth.http_basic, password="typed-wrong")

    output, error = run_check()

    assert error == "The 3PAS connection check found problems: 1 error, 0 warnings."
    assert "[ERROR]   The username or password was refused (" in output
    assert "HTTP basic authentication, HTTP_401)" in output
    assert "try the other method (Username and password: WS-Security" in output
    assert "typed-wrong" not in output
    logged = Bericht.objects.get()
    assert (logged.http_status, logged.soap_action) == (401, contract.SOAP_ACTION_IS_ALIVE)


def test_the_check_speaks_dutch_throughout_in_dutch(poc, simulator):
    use(poc, Auth.http_basic, password="typed-wrong")

    with translation.override("nl"):
        output, error = run_check()

    assert error == "De 3PAS-verbindingstest heeft problemen gevonden: 1 fout, 0 waarschuwingen."
    assert "[FOUT]" in output and "[ERROR]" not in output
    assert "(Gebruikersnaam en wachtwoord: WS-Security" in output
    assert "Username and password" not in output


def test_a_refused_username_token_is_reported_with_the_other_method_to_try(poc, simulator):
    use(poc, Auth.ws_security_username_token, password="typed-wrong")

    output, error = run_check()

    assert error == "The 3PAS connection check found problems: 1 error, 0 warnings."
    assert "[ERROR]   The username or password was refused (" in output
    assert "FailedAuthentication)" in output
    assert "try the other method (Username and password: HTTP basic" in output
    assert "typed-wrong" not in Bericht.objects.get().request


def test_no_credentials_at_all_are_refused_and_the_check_says_they_are_needed(poc, simulator):
    use(poc, Auth.none, password="")
    poc.gebruikersnaam = ""
    poc.save()

    output, error = run_check()

    assert error == "The 3PAS connection check found problems: 2 errors, 0 warnings."
    assert "[ERROR]   At step 1 (proof of concept) KOOP identifies the sender by a username" in (
        output
    )
    assert "[ERROR]   The service refused the message as not authorised (HTTP_401)" in output


def test_a_refused_password_delivers_nothing_and_is_not_retried_as_published(poc, simulator):
    use(poc, Auth.http_basic, password="typed-wrong")

    with pytest.raises(ThreepasError) as info:
        send_test_publication(poc)

    assert info.value.code == "HTTP_401"
    assert info.value.outcome == "permanent"
    assert "check the organisation's username and password" in info.value.user_message()
    assert [m["processed"] for m in received(simulator)] == [False]
    assert Bericht.objects.get().uitkomst == "permanent"
