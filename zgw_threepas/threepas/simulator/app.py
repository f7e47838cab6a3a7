"""The 3PAS simulator as a plain WSGI application.

It plays DROP for tests, the demo and integrators: it checks every request against *our*
reconstruction of the contract (the same XSD the client checks with), answers a fresh
dossiernummer, keeps everything it received, and can be told to fail in each way the real
chain (intermediary, network, DROP) can fail.

Each received message is recorded with ``processed`` saying whether the simulated DROP
created a dossier for it. That is the truth the client cannot see: after ``drop`` or ``slow``
the caller gets no answer, yet the dossier exists; after ``html`` the caller cannot tell, and
the dossier does not exist.

Control API (JSON) under ``/_simulator/``; see :meth:`Simulator.control`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import random
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from .. import contract as c
from .. import envelope
from ..errors import ThreepasValidationError

logger = logging.getLogger(__name__)

CONTROL_PREFIX = "/_simulator"
FAILURE_MODES = ("fault", "http500", "http503", "slow", "drop", "html")
DEFAULT_FAULT_CODE = "DRP-TIJDELIJK"
DEFAULT_DELAY = 2.0
MAX_DELAY = 600.0
MAX_COUNT = 10_000

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sessie verlopen</title></head><body>"
    b"<h1>Uw sessie is verlopen</h1><p>Log opnieuw in bij de servicebus.</p></body></html>"
)
HTML_503 = (
    b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>"
    b"<h1>Service Unavailable</h1><p>The backend is not available.</p></body></html>"
)


class DropConnection(Exception):
    """Raised by the app so that the server closes the connection without any answer.

    Only :mod:`.server` understands it; under another WSGI server it becomes an HTTP 500.
    """


class ControlError(ValueError):
    def __init__(self, message: str, status: str = "400 Bad Request"):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Failure:
    mode: str
    code: str = DEFAULT_FAULT_CODE
    message: str = ""
    delay: float = DEFAULT_DELAY
    #: Which operation it applies to: a name from contract.REQUEST_OPERATIONS, or "*".
    operation: str = c.OPERATION_PUBLISH

    def applies_to(self, operation: str) -> bool:
        return self.operation in ("*", operation)


@dataclass
class Chaos:
    failure_rate: float = 0.0
    modes: tuple[str, ...] = ("fault", "http503", "drop")
    seed: int | None = None
    code: str = DEFAULT_FAULT_CODE
    delay: float = DEFAULT_DELAY


class Simulator:
    """Thread-safe WSGI app; one instance is one simulated DROP."""

    def __init__(
        self, *, soap_path: str = c.ENDPOINT_PATH, credentials: tuple[str, str] | None = None
    ):
        self.soap_path = soap_path
        self._lock = threading.Lock()
        self._initial_credentials = credentials
        self.reset()

    # --- state -------------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self._received: list[dict[str, Any]] = []
            self._failures: deque[Failure] = deque()
            self._chaos = Chaos()
            self._random = random.Random()
            self._sequence = 0
            self._dossier_counter = 0
            self._is_alive_calls = 0
            self._credentials = self._initial_credentials

    def require_credentials(self, credentials: tuple[str, str] | None) -> None:
        """Accept only messages with this username and password (``None``: accept all).

        They may come as HTTP basic authentication or as a WS-Security UsernameToken, the
        two methods KOOP's proof-of-concept endpoint may use (assumption 3PAS-19). A missing
        or wrong HTTP password is answered with 401, a wrong UsernameToken with a
        FailedAuthentication fault, as a WCF service does.
        """
        if credentials is not None and not (
            len(credentials) == 2 and all(isinstance(part, str) and part for part in credentials)
        ):
            raise ControlError("credentials are a non-empty username and password")
        with self._lock:
            self._credentials = tuple(credentials) if credentials else None

    def fail(
        self,
        mode: str,
        *,
        count: int = 1,
        code: str = DEFAULT_FAULT_CODE,
        message: str = "",
        delay: float = DEFAULT_DELAY,
        operation: str = c.OPERATION_PUBLISH,
    ) -> int:
        """Queue ``count`` failures of ``mode`` for the next matching requests."""
        failure = _failure(mode, code=code, message=message, delay=delay, operation=operation)
        if not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
            raise ControlError(f"count must be an integer from 1 to {MAX_COUNT}")
        with self._lock:
            self._failures.extend([failure] * count)
            return len(self._failures)

    def chaos(
        self,
        failure_rate: float,
        *,
        modes: tuple[str, ...] | list[str] = Chaos.modes,
        seed: int | None = None,
        code: str = DEFAULT_FAULT_CODE,
        delay: float = DEFAULT_DELAY,
    ) -> Chaos:
        """Fail a random share of publish requests (after the queued failures are used)."""
        if not isinstance(failure_rate, int | float) or not 0 <= failure_rate <= 1:
            raise ControlError("failure_rate must be a number from 0 to 1")
        if not modes:
            raise ControlError("modes must name at least one failure mode")
        for mode in modes:
            _failure(mode, code=code, delay=delay)
        if seed is not None and not isinstance(seed, int):
            raise ControlError("seed must be an integer")
        chaos = Chaos(float(failure_rate), tuple(modes), seed, code, float(delay))
        with self._lock:
            self._chaos = chaos
            self._random = random.Random(seed)
        return chaos

    def received(
        self, *, kenmerk: str | None = None, processed: bool | None = None
    ) -> list[dict[str, Any]]:
        with self._lock:
            records = [dict(record) for record in self._received]
        if kenmerk is not None:
            records = [r for r in records if (r["metadata"] or {}).get("Kenmerk") == kenmerk]
        if processed is not None:
            records = [r for r in records if r["processed"] is processed]
        return records

    def find(self, dossiernummer: str) -> dict[str, Any] | None:
        with self._lock:
            for record in self._received:
                if record["dossiernummer"] == dossiernummer:
                    return dict(record)
        return None

    def status(self) -> dict[str, Any]:
        with self._lock:
            return {
                "received": len(self._received),
                "published": sum(1 for r in self._received if r["processed"]),
                "is_alive_calls": self._is_alive_calls,
                "credentials_required": self._credentials is not None,
                "pending_failures": [asdict(f) for f in self._failures],
                "chaos": asdict(self._chaos),
                "soap_path": self.soap_path,
            }

    def _next_failure(self, operation: str) -> Failure | None:
        with self._lock:
            for index, failure in enumerate(self._failures):
                if failure.applies_to(operation):
                    del self._failures[index]
                    return failure
            chaos = self._chaos
            if (
                operation == c.OPERATION_PUBLISH
                and chaos.failure_rate > 0
                and self._random.random() < chaos.failure_rate
            ):
                mode = self._random.choice(chaos.modes)
                return Failure(mode=mode, code=chaos.code, delay=chaos.delay)
        return None

    def serves(self, path: str) -> bool:
        """Whether ``path`` is the SOAP endpoint: ``soap_path``, bare or under a prefix."""
        path = path.rstrip("/")
        return path == self.soap_path or path.endswith(self.soap_path)

    def _next_dossiernummer(self) -> str:
        self._dossier_counter += 1
        return f"DRP-{datetime.now().year}-{self._dossier_counter:06d}"

    # --- WSGI --------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            return self.control(environ, start_response)
        if not self.serves(path):
            # As an intermediary would: a wrong address must not look like a working endpoint.
            return _respond(
                start_response,
                "404 Not Found",
                f"3PAS simulator: no service at {path}; the endpoint is {self.soap_path} "
                f"(also under a prefix such as /opentunnel/<OIN>{self.soap_path}).\n".encode(),
                "text/plain; charset=utf-8",
            )
        if method != "POST":
            return _respond(
                start_response,
                "405 Method Not Allowed",
                b"3PAS simulator: POST SOAP 1.1 messages to this address.\n",
                "text/plain; charset=utf-8",
                [("Allow", "POST")],
            )
        return self.soap(environ, start_response)

    def soap(self, environ, start_response):
        body = _read_body(environ, c.MAX_REQUEST_BYTES)
        if body is None:
            return _respond(
                start_response,
                "413 Content Too Large",
                f"3PAS simulator: a message may be at most {c.MAX_REQUEST_BYTES} bytes.\n".encode(),
                "text/plain; charset=utf-8",
            )
        soap_action = environ.get("HTTP_SOAPACTION")
        record = self._new_record(environ, body, soap_action)

        if not (environ.get("CONTENT_TYPE") or "").lower().startswith("text/xml"):
            self._store(record, answer="http415")
            return _respond(
                start_response,
                "415 Unsupported Media Type",
                b"SOAP 1.1 messages are sent as text/xml.\n",
                "text/plain; charset=utf-8",
            )
        operation = {
            c.SOAP_ACTION_PUBLISH: c.OPERATION_PUBLISH,
            c.SOAP_ACTION_IS_ALIVE: c.OPERATION_IS_ALIVE,
        }.get(soap_action or "")
        if operation is None:
            return self._fault(
                start_response,
                record,
                "ActionNotSupported",
                f"SOAPAction {soap_action!r} is not one of {c.SOAP_ACTION_PUBLISH}, "
                f"{c.SOAP_ACTION_IS_ALIVE} (quotes included)",
            )
        record["operation"] = operation
        try:
            envelope.validate_request(body)
            content = envelope.read_request(body)
        except ThreepasValidationError as exc:
            return self._fault(start_response, record, "DRP-VALIDATIE", exc.message)
        if content.operation != operation:
            return self._fault(
                start_response,
                record,
                "DRP-VALIDATIE",
                f"the body holds {content.operation}, the SOAPAction asks for {operation}",
            )
        record["username"] = content.username
        refused = self._authenticate(environ, content)
        if refused == "token":
            return self._fault(
                start_response,
                record,
                "FailedAuthentication",
                "The username or password in the security header is not correct.",
            )
        if refused is not None:
            self._store(record, answer="http401")
            return _respond(
                start_response,
                "401 Unauthorized",
                b"Authentication required.\n",
                "text/plain; charset=utf-8",
                [("WWW-Authenticate", 'Basic realm="3PAS"')],
            )

        if operation == c.OPERATION_IS_ALIVE:
            return self._is_alive(start_response, record)
        return self._publish(start_response, record, content)

    def _authenticate(self, environ, content: envelope.RequestContent) -> str | None:
        """``None`` when the message may pass, else why not: ``token``, ``basic``, ``missing``."""
        with self._lock:
            expected = self._credentials
        if expected is None:
            return None
        basic = _basic_credentials(environ.get("HTTP_AUTHORIZATION") or "")
        if basic is not None and _same(basic, expected):
            return None
        if content.username or content.password:
            return None if _same((content.username, content.password), expected) else "token"
        return "basic" if basic is not None else "missing"

    def _is_alive(self, start_response, record):
        with self._lock:
            self._is_alive_calls += 1
        failure = self._next_failure(c.OPERATION_IS_ALIVE)
        if failure is not None and failure.mode not in ("slow",):
            return self._fail(start_response, record, failure, store=False)
        if failure is not None:
            time.sleep(failure.delay)
        return _respond(start_response, "200 OK", envelope.build_is_alive_response(True))

    def _publish(self, start_response, record, content: envelope.RequestContent):
        record["metadata"] = content.metadata
        try:
            record["inhoud_xml"] = content.inhoud_xml()
        except (ValueError, UnicodeDecodeError) as exc:
            return self._fault(start_response, record, "DRP-INHOUD", str(exc))

        failure = self._next_failure(c.OPERATION_PUBLISH)
        if failure is not None and failure.mode not in ("slow", "drop"):
            return self._fail(start_response, record, failure)

        with self._lock:
            dossiernummer = self._next_dossiernummer()
        record.update(processed=True, dossiernummer=dossiernummer, answer="ok")
        if failure is not None:
            record["answer"] = failure.mode
        # Recorded before answering: the dossier exists even if the answer never arrives.
        self._store(record)
        if failure is not None and failure.mode == "drop":
            raise DropConnection(dossiernummer)
        if failure is not None and failure.mode == "slow":
            time.sleep(failure.delay)
        return _respond(start_response, "200 OK", envelope.build_response(dossiernummer))

    def _fail(self, start_response, record, failure: Failure, *, store: bool = True):
        if failure.mode == "fault":
            message = failure.message or f"Simulated fault {failure.code}"
            return self._fault(start_response, record, failure.code, message, store=store)
        if store:
            self._store(record, answer=failure.mode)
        if failure.mode == "http500":
            return _respond(
                start_response,
                "500 Internal Server Error",
                b"Internal Server Error\n",
                "text/plain; charset=utf-8",
            )
        if failure.mode == "http503":
            return _respond(
                start_response, "503 Service Unavailable", HTML_503, "text/html; charset=utf-8"
            )
        if failure.mode == "html":
            return _respond(start_response, "200 OK", HTML_PAGE, "text/html; charset=utf-8")
        if failure.mode == "drop":
            raise DropConnection("not processed")
        raise AssertionError(f"unhandled failure mode {failure.mode}")

    def _fault(self, start_response, record, code: str, message: str, *, store: bool = True):
        if store:
            self._store(record, answer="fault", fault_code=code, fault_message=message)
        return _respond(
            start_response, "500 Internal Server Error", envelope.build_fault(code, message)
        )

    def _new_record(self, environ, body: bytes, soap_action: str | None) -> dict[str, Any]:
        return {
            "sequence": 0,
            "received_at": datetime.now(UTC).isoformat(),
            "path": environ.get("PATH_INFO") or "/",
            "soap_action": soap_action,
            "headers": _request_headers(environ),
            "client_certificate": environ.get("zgw_threepas.client_certificate"),
            "raw_request": body.decode("utf-8", errors="replace"),
            "operation": None,
            "username": "",
            "metadata": None,
            "inhoud_xml": None,
            "processed": False,
            "dossiernummer": None,
            "answer": None,
            "fault_code": None,
            "fault_message": None,
        }

    def _store(self, record: dict[str, Any], **changes) -> None:
        record.update(changes)
        if record.get("operation") == c.OPERATION_IS_ALIVE:
            return
        with self._lock:
            self._sequence += 1
            record["sequence"] = self._sequence
            self._received.append(record)
        logger.info(
            "3PAS simulator received message %s: answer=%s processed=%s dossiernummer=%s",
            record["sequence"],
            record["answer"],
            record["processed"],
            record["dossiernummer"],
        )

    # --- control API -------------------------------------------------------------------

    def control(self, environ, start_response):
        """JSON control endpoints.

        ``GET /_simulator/status``, ``GET /_simulator/received[?kenmerk=..&processed=true]``,
        ``GET /_simulator/received/<dossiernummer>``, ``POST /_simulator/reset``,
        ``POST /_simulator/fail`` ``{"mode", "count", "code", "message", "delay",
        "operation"}``, ``POST /_simulator/chaos`` ``{"failure_rate", "modes", "seed",
        "code", "delay"}``, ``POST /_simulator/credentials`` ``{"username", "password"}``
        (an empty object accepts every message again).
        """
        path = (environ.get("PATH_INFO") or "").removeprefix(CONTROL_PREFIX).rstrip("/")
        method = environ.get("REQUEST_METHOD", "GET").upper()
        query = parse_qs(environ.get("QUERY_STRING", ""))
        try:
            result = self._control(method, path, query, environ)
        except ControlError as exc:
            return _json(start_response, {"error": str(exc)}, exc.status)
        return _json(start_response, result)

    def _control(self, method: str, path: str, query: dict, environ) -> Any:
        routes_get = {"/received", "/status", ""}
        if path.startswith("/received/"):
            _require(method, "GET")
            record = self.find(path.removeprefix("/received/"))
            if record is None:
                raise ControlError("no message with this dossiernummer", "404 Not Found")
            return record
        if path in routes_get:
            _require(method, "GET")
            if path == "/received":
                return self.received(
                    kenmerk=_first(query, "kenmerk"),
                    processed=_bool(_first(query, "processed")),
                )
            return self.status()
        if path == "/reset":
            _require(method, "POST")
            self.reset()
            return {"reset": True}
        if path == "/fail":
            _require(method, "POST")
            data = _json_body(environ)
            pending = self.fail(
                data.get("mode", ""),
                count=data.get("count", 1),
                code=data.get("code") or DEFAULT_FAULT_CODE,
                message=data.get("message") or "",
                delay=data.get("delay", DEFAULT_DELAY),
                operation=data.get("operation") or c.OPERATION_PUBLISH,
            )
            return {"pending": pending}
        if path == "/credentials":
            _require(method, "POST")
            data = _json_body(environ)
            username, password = data.get("username"), data.get("password")
            self.require_credentials((username, password) if username or password else None)
            return {"credentials_required": bool(username or password)}
        if path == "/chaos":
            _require(method, "POST")
            data = _json_body(environ)
            chaos = self.chaos(
                data.get("failure_rate", 0),
                modes=data.get("modes") or Chaos.modes,
                seed=data.get("seed"),
                code=data.get("code") or DEFAULT_FAULT_CODE,
                delay=data.get("delay", DEFAULT_DELAY),
            )
            return asdict(chaos)
        raise ControlError(f"unknown control path {CONTROL_PREFIX}{path}", "404 Not Found")


# --- helpers -----------------------------------------------------------------------------


def _failure(
    mode: str,
    *,
    code: str = DEFAULT_FAULT_CODE,
    message: str = "",
    delay: float = DEFAULT_DELAY,
    operation: str = c.OPERATION_PUBLISH,
) -> Failure:
    if mode not in FAILURE_MODES:
        raise ControlError(f"mode must be one of {', '.join(FAILURE_MODES)}")
    if not isinstance(delay, int | float) or not 0 <= delay <= MAX_DELAY:
        raise ControlError(f"delay must be a number of seconds from 0 to {MAX_DELAY:g}")
    if operation not in (*c.REQUEST_OPERATIONS, "*"):
        raise ControlError(f"operation must be one of {', '.join(c.REQUEST_OPERATIONS)} or *")
    if not isinstance(code, str) or not isinstance(message, str):
        raise ControlError("code and message must be strings")
    return Failure(mode, code, message, float(delay), operation)


def _basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    username, _, password = decoded.partition(":")
    return username, password


def _same(given: tuple[str, str], expected: tuple[str, str]) -> bool:
    # Constant time, as a real service compares secrets.
    return all(
        hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
        for a, b in zip(given, expected, strict=True)
    )


def _require(method: str, expected: str) -> None:
    if method != expected:
        raise ControlError(f"use {expected} here", "405 Method Not Allowed")


def _first(query: dict, name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.lower() in ("1", "true", "yes")


def _json_body(environ) -> dict[str, Any]:
    raw = _read_body(environ, 64 * 1024)
    if raw is None:
        raise ControlError("body too large", "413 Content Too Large")
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ControlError(f"body is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ControlError("body must be a JSON object")
    return data


def _read_body(environ, limit: int) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return None
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _request_headers(environ) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-").title(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").title()] = environ[key]
    return headers


def _respond(start_response, status, body: bytes, content_type=c.CONTENT_TYPE, extra=()):
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    return [body]


def _json(start_response, data: Any, status: str = "200 OK"):
    body = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
    return _respond(start_response, status, body, "application/json")
