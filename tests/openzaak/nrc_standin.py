"""A Notificaties API stand-in (the parts of Open Notificaties we rely on) over real HTTP.

A plain WSGI application served by the standard library, with an independent HS256 JWT
implementation so that it does not trust the code under test to sign or verify tokens. It does
what Open Notificaties does where zgw-threepas depends on it:

* ``GET /api/v1/kanaal`` (optionally ``?naam=``) lists the kanalen with their filter names;
* ``GET /api/v1/abonnement`` lists abonnementen, ``GET``/``PUT /api/v1/abonnement/{uuid}``
  reads and replaces one; ``auth`` is write-only and never rendered;
* ``POST``/``PUT`` of an abonnement first tests the callback URL the way Open Notificaties'
  validators do: the test message (kanaal ``test``) without any ``Authorization`` header must
  be answered 401 or 403, and with the abonnement's ``auth`` exactly 204. Otherwise: 400 with
  ``invalidParams`` code ``no-auth-on-callback-url`` or ``invalid-callback-url``;
* kanalen must exist and filters must use the kanaal's filter names (else 400);
* ``POST /api/v1/notificaties`` delivers a message to every abonnement whose kanaal and filters
  match, at once rather than through a queue, with ``Authorization`` = the ``auth`` verbatim
  (the default), or a fresh ZGW JWT per delivery when :meth:`NotificatiesStandIn.sign_deliveries`
  switched that on for the abonnement (Open Notificaties' experimental ZGW authorization, set
  in its admin, not through the API);
* every API call needs ``Authorization: Bearer <ZGW JWT>`` of a known client (401 without,
  403 for a wrong one).

Tests inspect :attr:`requests`, :attr:`callback_tests` and :attr:`deliveries` on the app.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

API = "/api/v1/"

#: Kanalen as Open Zaak registers them (``manage.py register_kanalen``), with their filters.
KANALEN = {
    "zaken": ["bronorganisatie", "zaaktype", "zaaktype.catalogus", "vertrouwelijkheidaanduiding"],
    "besluiten": ["verantwoordelijkeOrganisatie", "besluittype", "besluittype.catalogus"],
    "documenten": ["bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding"],
}

#: The message Open Notificaties posts to test a callback URL.
TEST_MESSAGE = {
    "kanaal": "test",
    "hoofdObject": "http://some.hoofdobject.nl/",
    "resource": "some_resource",
    "resourceUrl": "http://some.resource.nl/",
    "actie": "create",
    "aanmaakdatum": "2019-01-01T12:00:00Z",
    "kenmerken": {},
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_jwt(client_id: str, secret: str, *, iat: int | None = None, **claims) -> str:
    """A ZGW JWT (HS256) with the claims zgw-consumers puts in one."""
    iat = int(time.time()) if iat is None else iat
    payload = {
        "iss": client_id,
        "iat": iat,
        "client_id": client_id,
        "user_id": "",
        "user_representation": "",
        **claims,
    }
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(payload).encode())
    signature = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def read_jwt(token: str, secrets: dict[str, str]) -> str | None:
    """The client_id of a valid token signed with that client's secret, else ``None``."""
    try:
        header, body, signature = token.split(".")
        payload = json.loads(_unb64(body))
        secret = secrets[payload["client_id"]]
    except (ValueError, KeyError, TypeError):
        return None
    expected = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _unb64(signature)):
        return None
    return payload["client_id"]


@dataclass
class StoredAbonnement:
    uuid: str
    callback_url: str
    auth: str
    kanalen: dict[str, dict[str, str]]
    client_id: str
    #: (client_id, secret) when deliveries are signed with a fresh ZGW JWT.
    zgw_auth: tuple[str, str] | None = None


@dataclass
class NotificatiesStandIn:
    clients: dict[str, str] = field(
        default_factory=lambda: {"zgw-threepas": "nrc-secret-long-enough-for-hs256-keys"}
    )
    kanalen: dict[str, list[str]] = field(default_factory=lambda: dict(KANALEN))
    base_url: str = ""
    abonnementen: dict[str, StoredAbonnement] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)
    callback_tests: list[dict] = field(default_factory=list)
    deliveries: list[dict] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self._lock:
            self.abonnementen.clear()
            self.requests.clear()
            self.callback_tests.clear()
            self.deliveries.clear()
            self.kanalen = dict(KANALEN)

    def sign_deliveries(self, abonnement_uuid: str, client_id: str, secret: str) -> None:
        """Deliver to this abonnement with a fresh ZGW JWT, as Open Notificaties does when an
        administrator sets its authorization type to ZGW."""
        self.abonnementen[abonnement_uuid].zgw_auth = (client_id, secret)

    # -- WSGI ---------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        body = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                return self._respond(start_response, 400, self._problem(400, "Invalid JSON"))
        self.requests.append(
            {
                "method": method,
                "path": path,
                "body": body,
                "authorization": environ.get("HTTP_AUTHORIZATION"),
            }
        )

        status, payload = self._authenticate(environ)
        if status is None:
            status, payload = self._route(method, path, query, body, client_id=payload)
        return self._respond(start_response, status, payload)

    def _authenticate(self, environ):
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header:
            return 401, self._problem(401, "Authenticatiegegevens zijn niet opgegeven.")
        scheme, _, token = header.partition(" ")
        client_id = read_jwt(token, self.clients) if scheme == "Bearer" else None
        if client_id is None:
            return 403, self._problem(403, "Je hebt geen toestemming om deze actie uit te voeren.")
        return None, client_id

    def _route(self, method, path, query, body, *, client_id):
        if not path.startswith(API):
            return 404, self._problem(404, "Niet gevonden.")
        resource = path[len(API) :].strip("/")
        if resource == "kanaal" and method == "GET":
            names = query.get("naam") or list(self.kanalen)
            return 200, [self._kanaal(naam) for naam in names if naam in self.kanalen]
        if resource == "abonnement" and method == "GET":
            return 200, [self._render(a) for a in self.abonnementen.values()]
        if resource == "abonnement" and method == "POST":
            return self._save(body, client_id=client_id)
        if resource.startswith("abonnement/"):
            key = resource.split("/", 1)[1]
            if key not in self.abonnementen:
                return 404, self._problem(404, "Niet gevonden.")
            if method == "GET":
                return 200, self._render(self.abonnementen[key])
            if method == "PUT":
                return self._save(body, client_id=client_id, key=key)
            if method == "DELETE":
                del self.abonnementen[key]
                return 204, None
        if resource == "notificaties" and method == "POST":
            return self._publish(body)
        return 405, self._problem(405, f"Methode {method} niet toegestaan.")

    # -- abonnementen -------------------------------------------------------------------------

    def _save(self, body, *, client_id, key=None):
        if not isinstance(body, dict):
            return 400, self._invalid("nonFieldErrors", "invalid", "Verwacht een object.")
        callback_url = body.get("callbackUrl")
        auth = body.get("auth")
        if not callback_url:
            return 400, self._invalid("callbackUrl", "required", "Dit veld is vereist.")
        if not auth:
            return 400, self._invalid("auth", "required", "Dit veld is vereist.")
        kanalen = {}
        for group in body.get("kanalen") or []:
            naam = group.get("naam")
            if naam not in self.kanalen:
                return 400, self._invalid(
                    "naam", "kanaal_naam", "Kanaal met deze naam bestaat niet."
                )
            filters = dict(group.get("filters") or {})
            if not set(filters) <= set(self.kanalen[naam]):
                return 400, self._invalid(
                    "filters",
                    "inconsistent-abonnement-filters",
                    "abonnement filters aren't consistent with kanaal filters",
                )
            kanalen[naam] = filters

        # Open Notificaties' CallbackURLAuthValidator, then its CallbackURLValidator.
        without = self._post_callback(callback_url, None, purpose="without-auth")
        if without not in (401, 403):
            return 400, self._invalid(
                "callbackUrl",
                "no-auth-on-callback-url",
                "De opgegeven callback URL is niet beveiligd met autorisatie.",
            )
        with_auth = self._post_callback(callback_url, auth, purpose="with-auth")
        if with_auth != 204:
            return 400, self._invalid(
                "nonFieldErrors",
                "invalid-callback-url",
                "De opgegeven callback URL kan geen notificaties ontvangen.",
            )

        with self._lock:
            stored = StoredAbonnement(
                uuid=key or str(uuid.uuid4()),
                callback_url=callback_url,
                auth=auth,
                kanalen=kanalen,
                client_id=client_id,
                zgw_auth=self.abonnementen[key].zgw_auth if key else None,
            )
            self.abonnementen[stored.uuid] = stored
        return (200 if key else 201), self._render(stored)

    def _post_callback(self, url: str, auth: str | None, *, purpose: str) -> int | None:
        status = _post(url, TEST_MESSAGE, auth)
        self.callback_tests.append({"url": url, "purpose": purpose, "status": status})
        return status

    # -- notificaties -------------------------------------------------------------------------

    def _publish(self, message):
        if not isinstance(message, dict) or message.get("kanaal") not in self.kanalen:
            return 400, self._invalid(
                "kanaal", "message_kanaal", "Kanaal met deze naam bestaat niet."
            )
        kenmerken = message.get("kenmerken") or {}
        for abonnement in list(self.abonnementen.values()):
            filters = abonnement.kanalen.get(message["kanaal"])
            if filters is None or any(kenmerken.get(k) != v for k, v in filters.items()):
                continue
            if abonnement.zgw_auth:
                authorization = f"Bearer {make_jwt(*abonnement.zgw_auth)}"
            else:
                authorization = abonnement.auth
            status = _post(abonnement.callback_url, message, authorization)
            self.deliveries.append(
                {
                    "abonnement": abonnement.uuid,
                    "url": abonnement.callback_url,
                    "authorization": authorization,
                    "status": status,
                }
            )
        return 201, message

    # -- rendering ----------------------------------------------------------------------------

    def _kanaal(self, naam: str) -> dict:
        return {
            "url": f"{self.base_url}{API}kanaal/{uuid.uuid5(uuid.NAMESPACE_URL, naam)}",
            "naam": naam,
            "documentatieLink": "",
            "filters": self.kanalen[naam],
        }

    def _render(self, abonnement: StoredAbonnement) -> dict:
        return {
            "url": f"{self.base_url}{API}abonnement/{abonnement.uuid}",
            "callbackUrl": abonnement.callback_url,
            "kanalen": [
                {"naam": naam, "filters": filters} for naam, filters in abonnement.kanalen.items()
            ],
            "sendCloudevents": False,
            "cloudeventFilters": [],
        }

    def _problem(self, status: int, detail: str) -> dict:
        return {
            "type": "",
            "code": "invalid" if status == 400 else "error",
            "title": detail,
            "status": status,
            "detail": detail,
            "instance": f"urn:uuid:{uuid.uuid4()}",
        }

    def _invalid(self, name: str, code: str, reason: str) -> dict:
        problem = self._problem(400, "Invalid input.")
        problem["invalidParams"] = [{"name": name, "code": code, "reason": reason}]
        return problem

    def _respond(self, start_response, status: int, payload):
        reason = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request"}.get(
            status, "Error"
        )
        if payload is None:
            start_response(f"{status} {reason}", [("Content-Length", "0")])
            return [b""]
        data = json.dumps(payload).encode()
        content_type = "application/problem+json" if status >= 400 else "application/json"
        start_response(
            f"{status} {reason}",
            [("Content-Type", content_type), ("Content-Length", str(len(data)))],
        )
        return [data]


def _post(url: str, message: dict, authorization: str | None) -> int | None:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    request = urllib.request.Request(
        url, data=json.dumps(message).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def start_in_thread(**app_kwargs) -> tuple[_Server, NotificatiesStandIn, str]:
    """Serve a stand-in on a free port. Returns ``(server, app, api_root)``."""
    app = NotificatiesStandIn(**app_kwargs)
    server = make_server("127.0.0.1", 0, app, server_class=_Server, handler_class=_QuietHandler)
    host, port = server.server_address[:2]
    app.base_url = f"http://{host}:{port}"
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server, app, f"{app.base_url}{API}"


def stop(server: _Server) -> None:
    server.shutdown()
    server.server_close()
