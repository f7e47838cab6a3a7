"""The HTTP side of 3PAS: send one envelope, classify what happened.

The client sends exactly once. Whether and when to try again is the delivery layer's
decision, made from the raised error's :attr:`~.errors.ThreepasError.outcome`; a retry hidden
in here (urllib3 retries included) could publish a kennisgeving twice.

The one distinction that matters most is *never sent* versus *sent, no answer*: a refused or
timed-out connection is safe to retry, a read timeout or a connection dropped mid-answer is
not, because DROP may already have created the dossier.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NameResolutionError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

from . import contract as c
from . import envelope
from .errors import (
    ThreepasAmbiguousError,
    ThreepasError,
    ThreepasPermanentError,
    ThreepasResponseError,
    ThreepasTransientError,
    ThreepasValidationError,
)
from .types import Aanlevering, DeliveryResult, Exchange

#: urllib3 re-sends nothing: no retry on connect, read, status or redirect.
NO_RETRIES = Retry(total=0, connect=0, read=False, redirect=False, status=0, other=0)

REDACTED = "********"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class ThreepasClient:
    """Talks 3PAS to one endpoint (one organisation's address at its intermediary).

    ``auth``, ``cert`` and ``verify`` are handed to requests as they are: HTTP
    authentication, the TLS client certificate (PKIoverheid) and the server's CA bundle.
    ``username_token`` adds a WS-Security UsernameToken (KOOP's proof-of-concept step).

    A ``session`` passed in is used as is, except that its adapters are set to never retry.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = (5, 30),
        auth=None,
        cert=None,
        verify: bool | str = True,
        username_token: tuple[str, str] | None = None,
    ):
        self.endpoint = endpoint
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        self.auth = auth
        self.cert = cert
        self.verify = verify
        self.username_token = username_token
        _disable_retries(self.session)

    def voeg_dossier_toe_en_publiceer(self, aanlevering: Aanlevering) -> DeliveryResult:
        """Deliver one publication; return DROP's dossiernummer or raise a ThreepasError."""
        body = envelope.build_request(aanlevering, username_token=self.username_token)
        self._check(body, c.SOAP_ACTION_PUBLISH)
        exchange = self._post(body, c.SOAP_ACTION_PUBLISH)
        self._raise_for_status(exchange)
        dossiernummer = envelope.parse_response(exchange.response_body, exchange=exchange)
        return DeliveryResult(dossiernummer=dossiernummer, exchange=exchange)

    def is_alive(self) -> Exchange:
        """Ask the service whether it is up; return the exchange or raise a ThreepasError."""
        body = envelope.build_is_alive(username_token=self.username_token)
        self._check(body, c.SOAP_ACTION_IS_ALIVE)
        exchange = self._post(body, c.SOAP_ACTION_IS_ALIVE)
        self._raise_for_status(exchange)
        if not envelope.parse_is_alive_response(exchange.response_body, exchange=exchange):
            raise ThreepasTransientError(
                f"{c.EL_IS_ALIVE_RESULT} is false", code="NOT_ALIVE", exchange=exchange
            )
        return exchange

    # --- internals -----------------------------------------------------------------------

    def _headers(self, soap_action: str) -> dict[str, str]:
        return {
            "Content-Type": c.CONTENT_TYPE,
            "SOAPAction": soap_action,
            "Accept": "text/xml",
        }

    def _check(self, body: bytes, soap_action: str) -> None:
        try:
            envelope.validate_request(body)
        except ThreepasValidationError as exc:
            exc.exchange = Exchange(
                endpoint=self.endpoint,
                soap_action=soap_action,
                request_body=envelope.redact(body),
                request_headers=self._headers(soap_action),
            )
            raise

    def _post(self, body: bytes, soap_action: str) -> Exchange:
        logged_body = envelope.redact(body)
        logged_headers = self._headers(soap_action)
        started = time.monotonic()

        def exchange(**kwargs) -> Exchange:
            return Exchange(
                endpoint=self.endpoint,
                soap_action=soap_action,
                request_body=logged_body,
                request_headers=logged_headers,
                duration_ms=round((time.monotonic() - started) * 1000),
                **kwargs,
            )

        try:
            prepared = self.session.prepare_request(
                requests.Request(
                    "POST",
                    self.endpoint,
                    data=body,
                    headers=self._headers(soap_action),
                    auth=self.auth,
                )
            )
            logged_headers = _redact_headers(prepared.headers)
            settings = self.session.merge_environment_settings(
                prepared.url, {}, True, self.verify, self.cert
            )
            response = self.session.send(
                prepared, timeout=self.timeout, allow_redirects=False, **settings
            )
            try:
                content = _read_limited(response, c.MAX_RESPONSE_BYTES)
            finally:
                response.close()
        except requests.RequestException as exc:
            raise _transport_error(exc, exchange()) from exc
        return exchange(response_body=content, http_status=response.status_code)

    def _raise_for_status(self, exchange: Exchange) -> None:
        """Raise for every status that is not a 2xx; a 2xx body is parsed by the caller."""
        status = exchange.http_status or 0
        body = exchange.response_body
        if 200 <= status < 300:
            if len(body) > c.MAX_RESPONSE_BYTES:
                raise ThreepasResponseError(
                    f"answer larger than {c.MAX_RESPONSE_BYTES} bytes",
                    body=body,
                    code="RESPONSE_TOO_LARGE",
                    exchange=exchange,
                )
            return
        code = f"HTTP_{status}"
        if status in c.TRANSIENT_HTTP_STATUSES:
            raise ThreepasTransientError(
                f"HTTP {status}: the message was not handled", code=code, exchange=exchange
            )
        if 300 <= status < 400:
            raise ThreepasPermanentError(
                f"HTTP {status} redirect; a 3PAS message is never sent on to another address, "
                "so the configured endpoint must be the final one",
                code="REDIRECT",
                exchange=exchange,
            )
        fault = envelope.read_fault(body, exchange=exchange)
        if status >= 500:
            if fault is not None:
                raise fault
            # A server error, or a gateway (502, 504) that forwarded the message and got no
            # good answer in time: DROP may have made the dossier before it came to this.
            raise ThreepasAmbiguousError(
                f"HTTP {status} without a SOAP Fault: the message may have been handled",
                code=code,
                exchange=exchange,
            )
        detail = f" ({fault.code}: {fault.message})" if fault is not None else ""
        raise ThreepasPermanentError(
            f"HTTP {status}: the message was refused{detail}", code=code, exchange=exchange
        )


def _disable_retries(session: requests.Session) -> None:
    for adapter in session.adapters.values():
        if isinstance(adapter, HTTPAdapter):
            adapter.max_retries = NO_RETRIES


def _redact_headers(headers) -> dict[str, str]:
    return {
        name: (REDACTED if name.lower() in _SECRET_HEADERS else str(value))
        for name, value in headers.items()
    }


def _read_limited(response: requests.Response, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes: enough to know the answer is too large."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)[: limit + 1]


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it wraps: requests and urllib3 nest the real cause deeply."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked.extend(arg for arg in current.args if isinstance(arg, BaseException))
        todo.extend(item for item in linked if isinstance(item, BaseException))


def _transport_error(exc: requests.RequestException, exchange: Exchange) -> ThreepasError:
    causes = list(_causes(exc))

    def caused_by(*types: type[BaseException]) -> bool:
        return any(isinstance(cause, types) for cause in causes)

    message = str(exc)
    invalid_endpoint = (
        requests.exceptions.InvalidURL,
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
    )
    if isinstance(exc, invalid_endpoint):
        return ThreepasPermanentError(message, code="ENDPOINT_INVALID", exchange=exchange)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ThreepasTransientError(message, code="CONNECT_TIMEOUT", exchange=exchange)
    if isinstance(exc, requests.exceptions.ReadTimeout) or caused_by(ReadTimeoutError):
        return ThreepasAmbiguousError(message, code="READ_TIMEOUT", exchange=exchange)
    if caused_by(ssl.SSLCertVerificationError) or any(
        _is_certificate_alert(cause) for cause in causes
    ):
        # Retrying cannot fix a certificate (ours refused, missing or expired, or theirs
        # untrusted); someone has to.
        return ThreepasPermanentError(message, code="TLS_CERTIFICATE", exchange=exchange)
    if isinstance(exc, requests.exceptions.SSLError):
        if _raised_in_handshake(causes):
            # urllib3 makes the handshake when it connects: nothing of the request was sent.
            return ThreepasTransientError(message, code="TLS", exchange=exchange)
        # After the handshake the request is on its way, and DROP may have handled it: a TLS
        # record that fails while the answer is read says nothing about that.
        return ThreepasAmbiguousError(message, code="TLS_AFTER_SENDING", exchange=exchange)
    if caused_by(NameResolutionError):
        return ThreepasTransientError(message, code="NAME_RESOLUTION", exchange=exchange)
    if caused_by(NewConnectionError):
        return ThreepasTransientError(message, code="CONNECTION_REFUSED", exchange=exchange)
    if isinstance(exc, requests.exceptions.ProxyError):
        return ThreepasTransientError(message, code="CONNECTION_REFUSED", exchange=exchange)
    # Anything else broke after the request may have left: protocol errors, a connection
    # reset or closed without an answer, a body cut off mid-way.
    return ThreepasAmbiguousError(message, code="CONNECTION_DROPPED", exchange=exchange)


def _raised_in_handshake(causes: list[BaseException]) -> bool:
    """Whether a TLS error was raised inside the TLS handshake (``SSLSocket.do_handshake``),
    which urllib3 completes before it sends a byte of the request."""
    for cause in causes:
        if not isinstance(cause, ssl.SSLError):
            continue
        frame = cause.__traceback__
        while frame is not None:
            if frame.tb_frame.f_code.co_name == "do_handshake":
                return True
            frame = frame.tb_next
    return False


@dataclass(frozen=True)
class TlsFailure:
    """Which side of a TLS handshake refused a certificate, and OpenSSL's reason.

    ``server_certificate``: we did not accept the server's certificate (``reason`` is the
    verification message, e.g. "certificate has expired"; ``verify_code`` OpenSSL's code).
    ``client_certificate``: the server sent an alert about ours (``reason`` is the alert,
    e.g. ``TLSV13_ALERT_CERTIFICATE_REQUIRED``).
    """

    side: Literal["server_certificate", "client_certificate"]
    reason: str
    verify_code: int | None = None


def tls_failure(error: BaseException) -> TlsFailure | None:
    """The certificate problem behind ``error`` (a :class:`ThreepasError` or its cause)."""
    for cause in _causes(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return TlsFailure(
                "server_certificate",
                cause.verify_message or str(cause),
                cause.verify_code,
            )
        if _is_certificate_alert(cause):
            return TlsFailure("client_certificate", cause.reason)
    return None


def _is_certificate_alert(error: BaseException) -> bool:
    """A TLS alert from the server about a certificate, e.g. ``CERTIFICATE_REQUIRED``."""
    reason = getattr(error, "reason", None) if isinstance(error, ssl.SSLError) else None
    return isinstance(reason, str) and ("CERTIFICATE" in reason or "UNKNOWN_CA" in reason)
