"""What each error class promises the delivery layer and the administrator."""

from __future__ import annotations

import pytest

from zgw_threepas.threepas.errors import (
    ThreepasAmbiguousError,
    ThreepasError,
    ThreepasPermanentError,
    ThreepasResponseError,
    ThreepasTransientError,
    ThreepasValidationError,
)
from zgw_threepas.threepas.types import Exchange


@pytest.mark.parametrize(
    "error_class, outcome, parent",
    [
        (ThreepasTransientError, "transient", ThreepasError),
        (ThreepasPermanentError, "permanent", ThreepasError),
        (ThreepasValidationError, "permanent", ThreepasPermanentError),
        (ThreepasAmbiguousError, "ambiguous", ThreepasError),
        (ThreepasResponseError, "ambiguous", ThreepasAmbiguousError),
    ],
)
def test_each_class_states_whether_a_resend_is_safe(error_class, outcome, parent):
    error = error_class("detail")

    assert error.outcome == outcome
    assert isinstance(error, parent)


def test_error_carries_code_message_and_exchange():
    exchange = Exchange(endpoint="https://x/drop/3epas", soap_action='"a"', request_body=b"<x/>")
    error = ThreepasTransientError("HTTP 503", code="HTTP_503", exchange=exchange)

    assert error.code == "HTTP_503"
    assert error.message == "HTTP 503"
    assert error.exchange is exchange
    assert str(error) == "HTTP_503: HTTP 503"


def test_a_class_without_a_specific_code_uses_its_default():
    assert ThreepasValidationError("x").code == "REQUEST_INVALID"
    assert ThreepasResponseError("x").code == "RESPONSE_NOT_SOAP"


def test_transient_message_says_nothing_was_published_and_it_is_retried():
    text = ThreepasTransientError("refused", code="CONNECTION_REFUSED").user_message()

    assert "did not accept a connection" in text
    assert "Nothing was published" in text
    assert "automatically" in text


def test_permanent_message_says_it_is_not_resent_and_what_to_correct():
    text = ThreepasPermanentError("OIN onbekend", code="DRP-ORGANISATIE").user_message()

    assert "DRP-ORGANISATIE" in text
    assert "OIN onbekend" in text
    assert "will not be sent again automatically" in text
    assert "Correct the cause" in text


def test_ambiguous_message_says_to_check_drop_before_resending():
    text = ThreepasAmbiguousError("read timeout", code="READ_TIMEOUT").user_message()

    assert "not known whether DROP received" in text
    assert "no answer came in time" in text
    assert "look in DROP" in text


def test_validation_message_says_nothing_was_sent_and_why():
    text = ThreepasValidationError("line 1: Titel is empty").user_message()

    assert "was not sent" in text
    assert "Titel is empty" in text


def test_http_status_codes_are_explained_in_words():
    text = ThreepasPermanentError("HTTP 404", code="HTTP_404").user_message()

    assert "answered with HTTP status 404" in text


def test_response_error_keeps_the_first_500_characters_of_the_answer():
    body = ("<html>" + "é" * 1000).encode()
    error = ThreepasResponseError("html", body=body, code="RESPONSE_HTML")

    assert len(error.excerpt) == 500
    assert error.excerpt.startswith("<html>éé")
    assert error.excerpt in error.user_message()


def test_any_error_shows_the_start_of_the_answer_from_its_exchange():
    exchange = Exchange(
        endpoint="e",
        soap_action="a",
        request_body=b"",
        response_body=b"<h1>502 Bad Gateway</h1>" + b"." * 1000,
        http_status=502,
    )
    error = ThreepasTransientError("502", code="HTTP_502", exchange=exchange)

    assert error.http_status == 502
    assert error.response_excerpt.startswith("<h1>502 Bad Gateway</h1>")
    assert len(error.response_excerpt) == 500
