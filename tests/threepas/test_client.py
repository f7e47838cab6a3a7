"""The client over real HTTP against the simulator: every outcome, classified as it happens."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
from contextlib import contextmanager
from datetime import datetime

import pytest
import requests
import trustme
from urllib3.util.retry import Retry

from zgw_threepas.threepas import contract as c
from zgw_threepas.threepas.client import ThreepasClient, _transport_error
from zgw_threepas.threepas.errors import (
    ThreepasAmbiguousError,
    ThreepasError,
    ThreepasPermanentError,
    ThreepasResponseError,
    ThreepasTransientError,
    ThreepasValidationError,
)
from zgw_threepas.threepas.simulator import build_ssl_context, start_in_thread
from zgw_threepas.threepas.types import Exchange

from .factories import make_aanlevering

YEAR = datetime.now().year


def test_delivery_returns_the_dossiernummer_and_the_exchange(simulator, client):
    result = client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert result.dossiernummer == f"DRP-{YEAR}-000001"
    exchange = result.exchange
    assert exchange.endpoint == simulator.endpoint
    assert exchange.http_status == 200
    assert exchange.soap_action == c.SOAP_ACTION_PUBLISH
    assert f"DRP-{YEAR}-000001".encode() in exchange.response_body
    assert exchange.duration_ms >= 0
    [received] = simulator.app.received()
    assert received["raw_request"].encode() == exchange.request_body
    assert received["processed"] is True
    assert received["dossiernummer"] == result.dossiernummer


def test_soapaction_and_content_type_arrive_exactly_as_the_contract_says(simulator, client):
    client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    [received] = simulator.app.received()
    assert received["soap_action"] == (
        '"http://schemas.koopwrp.nl/2020/01/drp/api/IDossierService/VoegDossierToeEnPubliceer"'
    )
    assert received["headers"]["Content-Type"] == "text/xml; charset=utf-8"


def test_each_delivery_gets_its_own_dossiernummer(simulator, client):
    numbers = [
        client.voeg_dossier_toe_en_publiceer(make_aanlevering(kenmerk=f"k{i}")).dossiernummer
        for i in range(3)
    ]

    assert numbers == [f"DRP-{YEAR}-00000{i}" for i in (1, 2, 3)]


def test_transient_fault_is_transient_and_nothing_was_published(simulator, client):
    simulator.app.fail("fault", code="DRP-ONDERHOUD", message="Onderhoud tot 06:00")

    with pytest.raises(ThreepasTransientError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "DRP-ONDERHOUD"
    assert info.value.message == "Onderhoud tot 06:00"
    assert info.value.exchange.http_status == 500
    assert b"DRP-ONDERHOUD" in info.value.exchange.response_body
    [received] = simulator.app.received()
    assert received["processed"] is False and received["dossiernummer"] is None


def test_permanent_fault_is_permanent(simulator, client):
    simulator.app.fail("fault", code="DRP-PUBLICATIEBLAD", message="Blad niet toegestaan")

    with pytest.raises(ThreepasPermanentError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "DRP-PUBLICATIEBLAD"
    assert "Blad niet toegestaan" in info.value.user_message()


def test_unknown_fault_code_leaves_it_unknown_and_is_named(simulator, client):
    simulator.app.fail("fault", code="E-1234", message="Onbekende fout")

    with pytest.raises(ThreepasAmbiguousError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "E-1234"
    assert "E-1234" in info.value.user_message()


def test_http_500_without_soap_leaves_it_unknown(simulator, client):
    simulator.app.fail("http500")

    with pytest.raises(ThreepasAmbiguousError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "HTTP_500"
    assert info.value.response_excerpt == "Internal Server Error\n"
    assert "It is not known whether DROP received" in info.value.user_message()


@contextmanager
def forwarding_to_drop(status: int, content_type: str, answer: bytes):
    """A service in front of a simulated DROP that passes each message on (so DROP makes the
    dossier) and then answers ``status`` with ``answer`` itself. Yields ``(endpoint, drop)``."""
    drop, _ = start_in_thread()

    class Forwarder(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.post(
                drop.endpoint,
                data=body,
                headers={
                    "Content-Type": self.headers["Content-Type"],
                    "SOAPAction": self.headers["SOAPAction"],
                },
                timeout=10,
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    service = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forwarder)
    threading.Thread(target=service.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{service.server_port}/drop/3epas", drop
    finally:
        service.shutdown()
        service.server_close()
        drop.stop()


@pytest.mark.parametrize("status", [502, 504])
def test_a_gateway_error_after_forwarding_leaves_it_unknown(status):
    """A gateway in front of DROP forwards the message, DROP makes the dossier, and the
    gateway answers 502 or 504 because DROP's answer came too late or broken."""
    with forwarding_to_drop(status, "text/html", f"<h1>{status}</h1>".encode()) as (
        endpoint,
        drop,
    ):
        with pytest.raises(ThreepasAmbiguousError) as info:
            ThreepasClient(endpoint).voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == f"HTTP_{status}"
    assert len(drop.app.received()) == 1  # DROP has the dossier: resending would double it


def test_http_503_from_an_intermediary_is_transient(simulator, client):
    simulator.app.fail("http503")

    with pytest.raises(ThreepasTransientError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "HTTP_503"
    assert "Service Unavailable" in info.value.response_excerpt


def test_html_page_on_200_is_ambiguous_with_the_page_shown(simulator, client):
    simulator.app.fail("html")

    with pytest.raises(ThreepasResponseError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.outcome == "ambiguous"
    assert info.value.code == "RESPONSE_HTML"
    assert "Uw sessie is verlopen" in info.value.excerpt
    assert info.value.exchange.http_status == 200


def test_slow_answer_past_the_read_timeout_is_ambiguous_though_published(simulator):
    simulator.app.fail("slow", delay=1.5)
    client = ThreepasClient(simulator.endpoint, timeout=(2, 0.3))

    with pytest.raises(ThreepasAmbiguousError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "READ_TIMEOUT"
    assert info.value.exchange.http_status is None
    assert info.value.exchange.request_body
    [received] = simulator.app.received()
    assert received["processed"] is True
    assert received["dossiernummer"] == f"DRP-{YEAR}-000001"


def test_slow_answer_within_the_timeout_is_a_success(simulator):
    simulator.app.fail("slow", delay=0.2)
    client = ThreepasClient(simulator.endpoint, timeout=(2, 5))

    result = client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert result.dossiernummer == f"DRP-{YEAR}-000001"
    assert result.exchange.duration_ms >= 200


def test_connection_dropped_after_processing_is_ambiguous(simulator, client):
    simulator.app.fail("drop")

    with pytest.raises(ThreepasAmbiguousError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "CONNECTION_DROPPED"
    assert not isinstance(info.value, ThreepasResponseError)
    [received] = simulator.app.received()
    assert received["processed"] is True and received["answer"] == "drop"


def free_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_transient_and_never_sent():
    client = ThreepasClient(f"http://127.0.0.1:{free_closed_port()}/drop/3epas")

    with pytest.raises(ThreepasTransientError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "CONNECTION_REFUSED"
    assert info.value.exchange.http_status is None
    assert b"VoegDossierToeEnPubliceer" in info.value.exchange.request_body


def test_endpoint_that_is_not_a_url_is_permanent():
    with pytest.raises(ThreepasPermanentError) as info:
        ThreepasClient("drop/3epas").voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "ENDPOINT_INVALID"


def test_request_failing_our_xsd_is_permanent_and_never_sent(simulator, client):
    with pytest.raises(ThreepasValidationError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering(organisatie_oin="123"))

    assert info.value.outcome == "permanent"
    assert "OrganisatieOin" in info.value.message
    assert info.value.exchange.http_status is None
    assert simulator.app.received() == []


def test_http_4xx_is_permanent(simulator):
    client = ThreepasClient(simulator.base_url + "/_simulator/no-such-endpoint")

    with pytest.raises(ThreepasPermanentError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "HTTP_404"


def test_authorization_header_is_sent_but_redacted_in_the_exchange(simulator):
    client = ThreepasClient(simulator.endpoint, auth=("gemeente-x", "basic-secret"))

    result = client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert result.exchange.request_headers["Authorization"] == "********"
    assert result.exchange.request_headers["SOAPAction"] == c.SOAP_ACTION_PUBLISH
    assert simulator.app.received()[0]["headers"]["Authorization"].startswith("Basic ")


def test_username_token_password_is_sent_but_redacted_in_the_exchange(simulator):
    client = ThreepasClient(simulator.endpoint, username_token=("gemeente-x", "ws-secret"))

    result = client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert b"ws-secret" not in result.exchange.request_body
    assert b"gemeente-x" in result.exchange.request_body
    [received] = simulator.app.received()
    assert "ws-secret" in received["raw_request"]
    assert received["username"] == "gemeente-x"


def test_failed_exchange_is_redacted_too(simulator):
    simulator.app.fail("http503")
    client = ThreepasClient(
        simulator.endpoint, auth=("u", "basic-secret"), username_token=("u", "ws-secret")
    )

    with pytest.raises(ThreepasTransientError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert b"ws-secret" not in info.value.exchange.request_body
    assert info.value.exchange.request_headers["Authorization"] == "********"


def test_client_never_retries_even_on_a_session_that_would(simulator):
    session = requests.Session()
    eager = Retry(total=5, status_forcelist=[503], allowed_methods=None, backoff_factor=0)
    session.mount("http://", requests.adapters.HTTPAdapter(max_retries=eager))
    simulator.app.fail("http503", count=3)
    client = ThreepasClient(simulator.endpoint, session=session)

    with pytest.raises(ThreepasTransientError):
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert len(simulator.app.received()) == 1
    assert client.session is session


def test_is_alive_returns_the_exchange(simulator, client):
    exchange = client.is_alive()

    assert exchange.http_status == 200
    assert exchange.soap_action == c.SOAP_ACTION_IS_ALIVE
    assert b"IsAliveResult>true<" in exchange.response_body
    assert simulator.app.status()["is_alive_calls"] == 1
    assert simulator.app.received() == []


def test_is_alive_raises_when_the_service_fails(simulator, client):
    simulator.app.fail("http503", operation="IsAlive")

    with pytest.raises(ThreepasTransientError) as info:
        client.is_alive()

    assert info.value.code == "HTTP_503"


def test_is_alive_on_a_closed_port_is_transient():
    with pytest.raises(ThreepasTransientError):
        ThreepasClient(f"http://127.0.0.1:{free_closed_port()}/drop/3epas").is_alive()


def test_chaos_fails_every_delivery_at_rate_one_and_none_at_zero(simulator, client):
    simulator.app.chaos(1.0, modes=["http503"], seed=7)
    with pytest.raises(ThreepasTransientError):
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    simulator.app.chaos(0.0)
    assert client.voeg_dossier_toe_en_publiceer(make_aanlevering()).dossiernummer


# --- answers the simulator does not give: a scripted server ------------------------------


class _Scripted(http.server.BaseHTTPRequestHandler):
    status = 200
    headers_out: dict[str, str] = {}
    body = b""
    declared_length: int | None = None

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(self.status)
        for name, value in self.headers_out.items():
            self.send_header(name, value)
        length = self.declared_length if self.declared_length is not None else len(self.body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(self.body)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def scripted():
    def start(**script):
        handler = type("Handler", (_Scripted,), script)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return ThreepasClient(f"http://127.0.0.1:{server.server_address[1]}/drop/3epas")

    servers: list = []
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_empty_200_is_ambiguous(scripted):
    with pytest.raises(ThreepasResponseError) as info:
        scripted(body=b"").voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "RESPONSE_EMPTY"


def test_body_cut_off_before_its_declared_length_is_ambiguous(scripted):
    client = scripted(body=b"<s:Envelope xmlns:s=", declared_length=400)

    with pytest.raises(ThreepasAmbiguousError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "CONNECTION_DROPPED"


def test_truncated_xml_on_200_is_ambiguous_with_the_excerpt(scripted):
    client = scripted(body=b"<?xml version='1.0'?><s:Envelope xmlns:s='x'><s:Bo")

    with pytest.raises(ThreepasResponseError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "RESPONSE_NOT_XML"
    assert info.value.excerpt.endswith("<s:Bo")


def test_redirect_is_not_followed_and_is_permanent(scripted):
    client = scripted(status=307, headers_out={"Location": "http://elsewhere.invalid/"})

    with pytest.raises(ThreepasPermanentError) as info:
        client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "REDIRECT"


def test_http_429_is_transient(scripted):
    with pytest.raises(ThreepasTransientError) as info:
        scripted(status=429).voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.code == "HTTP_429"


# --- TLS with client certificates ---------------------------------------------------------


@pytest.fixture
def tls(tmp_path):
    ca = trustme.CA()
    server_pem = tmp_path / "server.pem"
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(server_pem)
    ca_pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(ca_pem)
    client_pem = tmp_path / "client.pem"
    ca.issue_cert("gemeente-x.example").private_key_and_cert_chain_pem.write_to_path(client_pem)
    context = build_ssl_context(str(server_pem), client_ca=str(ca_pem))
    server, _ = start_in_thread(ssl_context=context)
    yield server, str(ca_pem), str(client_pem)
    server.stop()


def test_tls_with_a_client_certificate_delivers(tls):
    server, ca_pem, client_pem = tls
    client = ThreepasClient(server.endpoint, cert=client_pem, verify=ca_pem)

    result = client.voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert server.endpoint.startswith("https://")
    assert result.dossiernummer
    assert "DNS:gemeente-x.example" in server.app.received()[0]["client_certificate"]


def test_tls_without_a_client_certificate_does_not_deliver(tls):
    server, ca_pem, _client_pem = tls

    # Whether the client reads the server's "certificate required" alert or only sees the
    # connection end is a race inside TLS 1.3; either way nothing may be recorded.
    with pytest.raises(ThreepasError):
        ThreepasClient(server.endpoint, verify=ca_pem).voeg_dossier_toe_en_publiceer(
            make_aanlevering()
        )

    assert server.app.received() == []


@pytest.mark.parametrize(
    "reason",
    [
        "TLSV13_ALERT_CERTIFICATE_REQUIRED",
        "SSLV3_ALERT_CERTIFICATE_EXPIRED",
        "TLSV1_ALERT_UNKNOWN_CA",
    ],
)
def test_server_alert_about_our_certificate_is_permanent(reason):
    alert = ssl.SSLError(1, f"[SSL: {reason}] alert")
    alert.reason = reason
    exchange = Exchange(endpoint="https://x", soap_action='"a"', request_body=b"")

    error = _transport_error(requests.exceptions.SSLError(alert), exchange)

    assert isinstance(error, ThreepasPermanentError)
    assert error.code == "TLS_CERTIFICATE"
    assert "certificate" in error.user_message()


def test_a_tls_handshake_that_fails_is_transient():
    """An https address where the server speaks plain HTTP: the handshake fails before any
    byte of the request is sent."""
    plain = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    plain.RequestHandlerClass.log_message = lambda *args: None
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    try:
        endpoint = f"https://127.0.0.1:{plain.server_port}/drop/3epas"
        with pytest.raises(ThreepasTransientError) as info:
            ThreepasClient(endpoint).voeg_dossier_toe_en_publiceer(make_aanlevering())
    finally:
        plain.shutdown()
        plain.server_close()

    assert info.value.code == "TLS"


def _corrupting_proxy(target_port: int) -> socket.socket:
    """A TCP proxy in front of a TLS 1.2 server that damages the first application-data
    record the server sends after the client sent its own (the request): the answer's
    integrity check fails after DROP handled the message."""
    listener = socket.create_server(("127.0.0.1", 0))
    request_sent = threading.Event()

    def records(source):
        buffer = b""
        while chunk := source.recv(65536):
            buffer += chunk
            while len(buffer) >= 5 and len(buffer) >= 5 + int.from_bytes(buffer[3:5], "big"):
                size = 5 + int.from_bytes(buffer[3:5], "big")
                yield buffer[:size]
                buffer = buffer[size:]

    def client_to_server(client, server):
        for record in records(client):
            if record[0] == 0x17:
                request_sent.set()
            server.sendall(record)

    def server_to_client(server, client):
        damaged = False
        for record in records(server):
            if record[0] == 0x17 and request_sent.is_set() and not damaged:
                record = record[:-1] + bytes([record[-1] ^ 0xFF])
                damaged = True
            client.sendall(record)
        client.close()

    def accept():
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", target_port))
        threading.Thread(target=client_to_server, args=(client, server), daemon=True).start()
        threading.Thread(target=server_to_client, args=(server, client), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener


def test_a_tls_failure_on_the_answer_leaves_it_unknown(tmp_path):
    ca = trustme.CA()
    server_pem = tmp_path / "server.pem"
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(server_pem)
    ca_pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(ca_pem)
    context = build_ssl_context(str(server_pem))
    context.maximum_version = ssl.TLSVersion.TLSv1_2  # record types readable on the wire
    server, _ = start_in_thread(ssl_context=context)
    proxy = _corrupting_proxy(server.server_address[1])
    try:
        endpoint = f"https://127.0.0.1:{proxy.getsockname()[1]}/drop/3epas"
        with pytest.raises(ThreepasAmbiguousError) as info:
            ThreepasClient(endpoint, verify=str(ca_pem)).voeg_dossier_toe_en_publiceer(
                make_aanlevering()
            )
    finally:
        proxy.close()
        server.stop()

    assert info.value.code == "TLS_AFTER_SENDING"
    assert len(server.app.received()) == 1  # DROP has the dossier: resending would double it
    assert "the secure (TLS) connection failed before an answer" in info.value.user_message()


def test_untrusted_server_certificate_is_permanent(tls):
    server, _ca_pem, client_pem = tls

    with pytest.raises(ThreepasPermanentError) as info:
        ThreepasClient(server.endpoint, cert=client_pem).voeg_dossier_toe_en_publiceer(
            make_aanlevering()
        )

    assert info.value.code == "TLS_CERTIFICATE"
    assert server.app.received() == []


@pytest.mark.parametrize(
    "faultcode", ["s:Server", "a:InternalServiceFault"], ids=["Server", "InternalServiceFault"]
)
def test_a_fault_after_drop_made_the_dossier_is_never_resent_automatically(faultcode):
    """A WCF service that stores the message and then fails answers HTTP 500 with a generic
    fault: the dossier exists, so the outcome is unknown, not 'not delivered'."""
    fault = (
        f'<s:Envelope xmlns:s="{c.SOAP_ENV_NS}"><s:Body><s:Fault>'
        f'<faultcode xmlns:a="http://schemas.microsoft.com/net/2005/12/'
        f'windowscommunicationfoundation/dispatcher">{faultcode}</faultcode>'
        "<faultstring>The server was unable to process the request.</faultstring>"
        "</s:Fault></s:Body></s:Envelope>"
    ).encode()

    with forwarding_to_drop(500, "text/xml; charset=utf-8", fault) as (endpoint, drop):
        with pytest.raises(ThreepasAmbiguousError) as info:
            ThreepasClient(endpoint).voeg_dossier_toe_en_publiceer(make_aanlevering())

    assert info.value.outcome == "ambiguous"
    assert len(drop.app.received()) == 1
