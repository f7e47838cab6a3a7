"""A fake Open Zaak (Zaken, Catalogi and Besluiten API) as a plain WSGI application.

It serves the fixtures of :mod:`testapp.fake_zgw.fixtures` over real HTTP so the product's
HTTP clients, connection settings and error handling are exercised for real, and it copies the
behaviour of Open Zaak 1.30 wherever the product depends on it:

* the ``zaken`` resource (and only that one, as in the Zaken API spec) needs
  ``Accept-Crs: EPSG:4326`` (missing: 412, other CRS: 406), writes also ``Content-Crs``, and
  answers with ``Content-Crs: EPSG:4326``;
* ``?expand=`` on zaken renders ``_expand`` like Open Zaak's ExpandJSONRenderer: only the
  requested paths (a nested path implies its parents), nested ``_expand`` for
  ``status.statustype`` etc., and no key at all for a relation that is empty;
* lists are paginated (``count``, ``next``, ``previous``, ``results``), accept the filters of
  the spec and reject unknown query parameters with 400, as vng-api-common does;
* errors are problem JSON; without ``Authorization`` (when ``require_auth``) the answer is 403;
* ``PATCH`` on zaken and besluiten is a partial update that ignores read-only and unknown keys.

URLs are stored under :data:`~testapp.fake_zgw.fixtures.FIXTURE_BASE` and rewritten to the base
URL the client used (scheme and ``Host`` header) in every response, the way Open Zaak builds
absolute URLs from the request.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit

from . import fixtures
from .fixtures import FIXTURE_BASE

CRS = "EPSG:4326"

# api -> (version answered in the API-version header, collections it serves)
APIS: dict[str, tuple[str, frozenset[str]]] = {
    "zaken": ("1.5.1", frozenset({"zaken", "statussen", "resultaten", "zaakobjecten", "rollen"})),
    "catalogi": (
        "1.3.1",
        frozenset(
            {
                "catalogussen",
                "zaaktypen",
                "statustypen",
                "resultaattypen",
                "roltypen",
                "besluittypen",
            }
        ),
    ),
    "besluiten": ("1.1.0", frozenset({"besluiten"})),
}

# Collections whose endpoints carry geometry and therefore negotiate the CRS.
GEO_COLLECTIONS = frozenset({"zaken"})

PAGINATION_PARAMS = frozenset({"page", "pageSize"})
CATALOGI_VERSION_FILTERS = frozenset({"status", "datumGeldigheid"})

# The simple (exact match) list filters of the specs; a list-valued field matches when the
# value is one of its items.
LIST_FILTERS: dict[str, frozenset[str]] = {
    "zaken": frozenset({"bronorganisatie", "identificatie", "zaaktype"}),
    "statussen": frozenset({"zaak", "statustype", "indicatieLaatstGezetteStatus"}),
    "resultaten": frozenset({"zaak", "resultaattype"}),
    "zaakobjecten": frozenset({"zaak", "object", "objectType"}),
    "rollen": frozenset(
        {"zaak", "betrokkene", "betrokkeneType", "omschrijving", "omschrijvingGeneriek", "roltype"}
    ),
    "catalogussen": frozenset({"domein", "rsin"}),
    "zaaktypen": frozenset({"catalogus", "identificatie", "trefwoorden"}),
    "statustypen": frozenset({"zaaktype", "zaaktypeIdentificatie"}),
    "resultaattypen": frozenset({"zaaktype", "zaaktypeIdentificatie"}),
    "roltypen": frozenset(
        {"zaaktype", "zaaktypeIdentificatie", "omschrijving", "omschrijvingGeneriek"}
    ),
    "besluittypen": frozenset({"catalogus", "zaaktypen", "omschrijving"}),
    "besluiten": frozenset(
        {"zaak", "besluittype", "identificatie", "verantwoordelijkeOrganisatie"}
    ),
}
CATALOGI_COLLECTIONS = APIS["catalogi"][1]

ZAAK_EXPAND_PATHS = frozenset(
    {
        "zaaktype",
        "status",
        "status.statustype",
        "resultaat",
        "resultaat.resultaattype",
        "zaakobjecten",
        "rollen",
        "rollen.roltype",
    }
)

PATCHABLE = frozenset({"zaken", "besluiten"})
READ_ONLY_FIELDS: dict[str, frozenset[str]] = {
    "zaken": frozenset(
        {
            "url",
            "uuid",
            "identificatie",
            "bronorganisatie",
            "status",
            "resultaat",
            "rollen",
            "zaakobjecten",
            "zaakinformatieobjecten",
            "deelzaken",
            "eigenschappen",
            "laatstGemuteerd",
            "betalingsindicatieWeergave",
            "einddatum",
        }
    ),
    "besluiten": frozenset({"url", "vervalredenWeergave"}),
}
DATE_FIELDS: dict[str, frozenset[str]] = {
    "zaken": frozenset(
        {
            "registratiedatum",
            "startdatum",
            "einddatumGepland",
            "uiterlijkeEinddatumAfdoening",
            "publicatiedatum",
            "archiefactiedatum",
            "startdatumBewaartermijn",
        }
    ),
    "besluiten": frozenset(
        {
            "datum",
            "ingangsdatum",
            "vervaldatum",
            "publicatiedatum",
            "verzenddatum",
            "uiterlijkeReactiedatum",
        }
    ),
}

_PATH = re.compile(
    r"^/(?P<api>[a-z]+)/api/v1/(?P<collection>[a-z]+)"
    r"(?:/(?P<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))?/?$"
)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake API received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    query_string: str = ""
    at: float = field(default_factory=time.monotonic)

    def json(self):
        return json.loads(self.body) if self.body else None


class ApiError(Exception):
    def __init__(self, status: int, name: str, code: str, title: str, detail: str = "", **extra):
        super().__init__(detail or title)
        self.status = status
        self.name = name
        self.code = code
        self.title = title
        self.detail = detail or title
        self.extra = extra


def _validation_error(name: str, code: str, reason: str) -> ApiError:
    return ApiError(
        400,
        "ValidationError",
        "invalid",
        "Ongeldige invoer.",
        "Ongeldige invoer.",
        invalidParams=[{"name": name, "code": code, "reason": reason}],
    )


class FakeZGW:
    """WSGI application serving an in-memory Open Zaak.

    ``store`` maps URL paths (``/zaken/api/v1/zaken/<uuid>``) to resources whose URLs use
    :data:`FIXTURE_BASE`; tests may read and change it at run time (hold :attr:`lock` when
    other threads may be serving). ``requests`` lists every request received, in order.
    """

    def __init__(
        self,
        *,
        require_auth: bool = False,
        latency_seconds: float = 0.0,
        page_size: int = 100,
        load_fixtures: bool = True,
    ):
        self.require_auth = require_auth
        self.latency_seconds = latency_seconds
        self.page_size = page_size
        # Set by the server once the port is known; used to accept resources given with
        # the served base URL.
        self.base_url: str | None = None
        self.lock = threading.RLock()
        self.store: dict[str, dict] = {}
        self.requests: list[RecordedRequest] = []
        if load_fixtures:
            self.load_fixtures()

    # -- data helpers ---------------------------------------------------------------------

    def load_fixtures(self) -> None:
        """(Re)load every fixture, dropping changes made since."""
        with self.lock:
            self.store.clear()
            for resource in fixtures.all_resources().values():
                self.add(resource)

    def add(self, resource: dict) -> dict:
        """Store (or replace) ``resource`` under the path of its ``url``; returns the stored
        copy. URLs may use the fixture base or the served base URL."""
        resource = self._canonical(resource)
        with self.lock:
            self.store[_path(resource["url"])] = resource
        return resource

    def get(self, path_or_url: str) -> dict | None:
        """The stored resource (the live object, with fixture-base URLs), or ``None``."""
        with self.lock:
            return self.store.get(_path(path_or_url))

    def remove(self, path_or_url: str) -> dict | None:
        with self.lock:
            return self.store.pop(_path(path_or_url), None)

    def set_status(self, zaak_uuid: str, status_uuid: str) -> dict:
        """Make an existing status the current status of the zaak, as creating it in Open Zaak
        would: ``indicatieLaatstGezetteStatus`` moves, and an end status closes the zaak
        (``einddatum``; ``resultaat`` points to the zaak's resultaat, which Open Zaak demands
        before the end status). Returns the zaak."""
        with self.lock:
            zaak = self._existing(f"/zaken/api/v1/zaken/{zaak_uuid}")
            status = self._existing(f"/zaken/api/v1/statussen/{status_uuid}")
            if status["zaak"] != zaak["url"]:
                raise ValueError(f"status {status_uuid} belongs to another zaak")
            zaak["status"] = status["url"]
            for other in self._of_collection("statussen"):
                if other["zaak"] == zaak["url"]:
                    other["indicatieLaatstGezetteStatus"] = other["url"] == status["url"]
            statustype = self.get(status["statustype"]) or {}
            if statustype.get("isEindstatus"):
                zaak["einddatum"] = status["datumStatusGezet"][:10]
                if zaak["resultaat"] is None:
                    resultaat = next(
                        (r for r in self._of_collection("resultaten") if r["zaak"] == zaak["url"]),
                        None,
                    )
                    zaak["resultaat"] = resultaat["url"] if resultaat else None
            else:
                zaak["einddatum"] = None
            return zaak

    def set_resultaat(self, zaak_uuid: str, resultaat_uuid: str | None) -> dict:
        """Point the zaak at an existing resultaat (or at none). Returns the zaak."""
        with self.lock:
            zaak = self._existing(f"/zaken/api/v1/zaken/{zaak_uuid}")
            if resultaat_uuid is None:
                zaak["resultaat"] = None
            else:
                resultaat = self._existing(f"/zaken/api/v1/resultaten/{resultaat_uuid}")
                zaak["resultaat"] = resultaat["url"]
            return zaak

    # -- request log ----------------------------------------------------------------------

    def reset(self) -> None:
        """Forget the recorded requests."""
        with self.lock:
            self.requests.clear()

    def calls(self, method: str | None = None, path_prefix: str = "") -> list[RecordedRequest]:
        """Recorded requests, optionally only those with ``method`` under ``path_prefix``."""
        with self.lock:
            return [
                request
                for request in self.requests
                if (method is None or request.method == method.upper())
                and request.path.startswith(path_prefix)
            ]

    # -- WSGI -----------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"].upper()
        path = environ.get("PATH_INFO", "") or "/"
        query_string = environ.get("QUERY_STRING", "")
        headers = _headers(environ)
        body = _read_body(environ)
        host = headers.get("Host") or _server_host(environ)
        base = f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
        with self.lock:
            self.requests.append(
                RecordedRequest(
                    method=method,
                    path=path,
                    query={key: values[-1] for key, values in parse_qs(query_string).items()},
                    headers=headers,
                    body=body,
                    query_string=query_string,
                )
            )
        if self.latency_seconds:
            time.sleep(self.latency_seconds)

        extra_headers: list[tuple[str, str]] = []
        try:
            match = _PATH.match(path)
            api = match and match["api"]
            if not match or api not in APIS or match["collection"] not in APIS[api][1]:
                raise ApiError(404, "NotFound", "not_found", "Niet gevonden.")
            collection, resource_uuid = match["collection"], match["uuid"]
            extra_headers.append(("API-version", APIS[api][0]))
            if collection in GEO_COLLECTIONS:
                extra_headers.append(("Content-Crs", CRS))
            with self.lock:
                status, payload = self._dispatch(
                    method, collection, resource_uuid, path, query_string, headers, body, base
                )
            content_type = "application/json"
        except ApiError as error:
            status, payload = error.status, _problem(error, base)
            content_type = "application/problem+json"

        text = fixtures.rebase_text(json.dumps(payload), base)
        data = text.encode("utf-8")
        reason = HTTPStatus(status).phrase
        start_response(
            f"{status} {reason}",
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(data))),
                *extra_headers,
            ],
        )
        return [data]

    # -- handlers -------------------------------------------------------------------------

    def _dispatch(self, method, collection, resource_uuid, path, query_string, headers, body, base):
        if self.require_auth and not headers.get("Authorization"):
            raise ApiError(
                403,
                "NotAuthenticated",
                "not_authenticated",
                "Authenticatiegegevens zijn niet opgegeven.",
            )
        if collection in GEO_COLLECTIONS and method in ("GET", "PATCH", "PUT", "POST"):
            _negotiate_crs(method, headers)

        params = parse_qs(query_string, keep_blank_values=True)
        if method == "GET" and resource_uuid:
            resource = self._require(path)
            return 200, self._render(collection, resource, params)
        if method == "GET":
            return 200, self._list(collection, path, params, base)
        if method == "PATCH" and resource_uuid and collection in PATCHABLE:
            return 200, self._patch(collection, path, headers, body, base)
        raise ApiError(
            405,
            "MethodNotAllowed",
            "method_not_allowed",
            f'Methode "{method}" niet toegestaan.',
        )

    def _render(self, collection: str, resource: dict, params: dict) -> dict:
        if collection != "zaken" or "expand" not in params:
            return deepcopy(resource)
        requested = _expand_paths(params["expand"])
        rendered = deepcopy(resource)
        expanded = self._expand(resource, _expand_tree(requested))
        if expanded:
            rendered["_expand"] = expanded
        return rendered

    def _expand(self, resource: dict, tree: dict) -> dict:
        result = {}
        # Follow the resource's own key order, as the serializer's field order does.
        for key in resource:
            if key not in tree:
                continue
            value = resource[key]
            if isinstance(value, list):
                items = [self._expanded_item(url, tree[key]) for url in value]
                items = [item for item in items if item is not None]
                if items:
                    result[key] = items
            elif isinstance(value, str) and value:
                item = self._expanded_item(value, tree[key])
                if item is not None:
                    result[key] = item
        return result

    def _expanded_item(self, url: str, subtree: dict) -> dict | None:
        target = self.get(url)
        if target is None:
            # Open Zaak leaves out what it cannot fetch rather than failing the request.
            return None
        item = deepcopy(target)
        if subtree:
            nested = self._expand(target, subtree)
            if nested:
                item["_expand"] = nested
        return item

    def _list(self, collection: str, path: str, params: dict, base: str) -> dict:
        allowed = LIST_FILTERS[collection] | PAGINATION_PARAMS
        if collection in CATALOGI_COLLECTIONS and collection != "catalogussen":
            allowed |= CATALOGI_VERSION_FILTERS
        if collection == "zaken":
            allowed |= {"expand"}
        unknown = sorted(set(params) - allowed)
        if unknown:
            raise _validation_error(
                "nonFieldErrors",
                "unknown-parameters",
                f"Onbekende query parameters: {', '.join(unknown)}",
            )
        if "expand" in params:
            _expand_paths(params["expand"])

        items = self._of_collection(collection)
        for name in sorted(LIST_FILTERS[collection] & set(params)):
            if params[name][-1] == "":
                # django-filter treats an empty filter value as no filter.
                continue
            wanted = fixtures.rebase_text(params[name][-1], FIXTURE_BASE, base)
            items = [item for item in items if _matches(item.get(name), wanted)]
        if collection in CATALOGI_COLLECTIONS and collection != "catalogussen":
            items = self._filter_versions(items, params)

        page, size = _page_params(params, self.page_size)
        start = (page - 1) * size
        if page > 1 and start >= len(items):
            raise ApiError(404, "NotFound", "not_found", "Niet gevonden.", "Ongeldige pagina.")
        chunk = items[start : start + size]

        def page_url(number: int) -> str:
            query = {key: values[-1] for key, values in params.items()}
            query["page"] = str(number)
            return f"{base}{path}?{urlencode(query)}"

        return {
            "count": len(items),
            "next": page_url(page + 1) if start + size < len(items) else None,
            "previous": page_url(page - 1) if page > 1 else None,
            "results": [self._render(collection, item, params) for item in chunk],
        }

    def _filter_versions(self, items: list[dict], params: dict) -> list[dict]:
        status = params.get("status", ["definitief"])[-1]
        if status not in ("alles", "concept", "definitief"):
            raise _validation_error("status", "invalid_choice", f"{status} is geen geldige keuze.")
        if status != "alles":
            items = [item for item in items if self._is_concept(item) == (status == "concept")]
        if "datumGeldigheid" in params:
            try:
                on = date.fromisoformat(params["datumGeldigheid"][-1])
            except ValueError:
                raise _validation_error(
                    "datumGeldigheid", "invalid", "Voer een geldige datum in."
                ) from None
            items = [item for item in items if self._valid_on(item, on)]
        return items

    def _patch(self, collection: str, path: str, headers: dict, body: bytes, base: str) -> dict:
        if not headers.get("Content-Type", "").startswith("application/json"):
            raise ApiError(
                415,
                "UnsupportedMediaType",
                "unsupported_media_type",
                "Ongeldige media type.",
                f'Ongeldige media type "{headers.get("Content-Type", "")}" in aanvraag.',
            )
        resource = self._require(path)
        try:
            changes = json.loads(fixtures.rebase_text(body.decode("utf-8"), FIXTURE_BASE, base))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ApiError(
                400, "ParseError", "parse_error", "Malformed request.", str(error)
            ) from None
        if not isinstance(changes, dict):
            raise _validation_error("nonFieldErrors", "invalid", "Verwacht een dictionary.")

        # DRF drops unknown and read-only keys silently; so does Open Zaak.
        changes = {
            key: value
            for key, value in changes.items()
            if key in resource and key not in READ_ONLY_FIELDS[collection]
        }
        for key in sorted(DATE_FIELDS[collection] & set(changes)):
            if changes[key] is not None and not _is_date(changes[key]):
                raise _validation_error(
                    key,
                    "invalid",
                    "Datum heeft het verkeerde formaat, gebruik 1 van deze formaten: YYYY-MM-DD.",
                )
        if "kenmerken" in changes and not _valid_kenmerken(changes["kenmerken"]):
            raise _validation_error(
                "kenmerken", "invalid", "Elk kenmerk heeft de sleutels 'kenmerk' en 'bron'."
            )
        resource.update(deepcopy(changes))
        if collection == "zaken":
            resource["laatstGemuteerd"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        return deepcopy(resource)

    # -- internals ------------------------------------------------------------------------

    def _canonical(self, resource: dict) -> dict:
        if self.base_url:
            return fixtures.rebase(resource, FIXTURE_BASE, from_base=self.base_url)
        return deepcopy(resource)

    def _existing(self, path_or_url: str) -> dict:
        resource = self.get(path_or_url)
        if resource is None:
            raise KeyError(f"the fake ZGW API holds no resource at {_path(path_or_url)}")
        return resource

    def _require(self, path_or_url: str) -> dict:
        resource = self.get(path_or_url)
        if resource is None:
            raise ApiError(404, "NotFound", "not_found", "Niet gevonden.")
        return resource

    def _of_collection(self, collection: str) -> list[dict]:
        return [
            resource
            for path, resource in self.store.items()
            if path.rstrip("/").split("/")[-2] == collection
        ]

    def _is_concept(self, item: dict) -> bool:
        if "concept" in item:
            return bool(item["concept"])
        zaaktype = self.get(item["zaaktype"]) if item.get("zaaktype") else None
        return bool(zaaktype and zaaktype.get("concept"))

    def _valid_on(self, item: dict, on: date) -> bool:
        source = item
        if item.get("beginGeldigheid") is None and item.get("zaaktype"):
            # Types without their own validity follow their zaaktype version.
            source = self.get(item["zaaktype"]) or item
        begin, end = source.get("beginGeldigheid"), source.get("eindeGeldigheid")
        return (begin is None or date.fromisoformat(begin) <= on) and (
            end is None or on <= date.fromisoformat(end)
        )


def _negotiate_crs(method: str, headers: dict) -> None:
    if method in ("POST", "PUT", "PATCH"):
        content_crs = headers.get("Content-Crs")
        if content_crs is None:
            raise ApiError(
                412,
                "PreconditionFailed",
                "precondition_failed",
                "Precondition failed",
                "'Content-Crs' header ontbreekt",
            )
        if content_crs != CRS:
            raise ApiError(
                406,
                "NotAcceptable",
                "not_acceptable",
                "Kan niet voldoen aan de opgegeven Accept header.",
                f"CRS '{content_crs}' is niet ondersteund",
            )
    accept_crs = headers.get("Accept-Crs")
    if accept_crs is None:
        raise ApiError(
            412,
            "PreconditionFailed",
            "precondition_failed",
            "Precondition failed",
            "'Accept-Crs' header ontbreekt",
        )
    if accept_crs != CRS:
        raise ApiError(
            406,
            "NotAcceptable",
            "not_acceptable",
            "Kan niet voldoen aan de opgegeven Accept header.",
            f"CRS '{accept_crs}' is niet ondersteund",
        )


def _expand_paths(values: list[str]) -> set[str]:
    requested = {part.strip() for value in values for part in value.split(",") if part.strip()}
    invalid = sorted(requested - ZAAK_EXPAND_PATHS)
    if invalid:
        raise _validation_error(
            "expand",
            "invalid_choice",
            f"Selecteer een geldige keuze. {', '.join(invalid)} is geen beschikbare keuze.",
        )
    return requested


def _expand_tree(paths: set[str]) -> dict:
    """``{"status.statustype", "zaaktype"}`` -> ``{"status": {"statustype": {}}, "zaaktype": {}}``;
    a nested path implies its parents."""
    tree: dict = {}
    for path in sorted(paths):
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
    return tree


def _page_params(params: dict, default_size: int) -> tuple[int, int]:
    try:
        page = int(params.get("page", ["1"])[-1])
        size = int(params.get("pageSize", [str(default_size)])[-1])
    except ValueError:
        raise ApiError(
            404, "NotFound", "not_found", "Niet gevonden.", "Ongeldige pagina."
        ) from None
    if page < 1 or size < 1:
        raise ApiError(404, "NotFound", "not_found", "Niet gevonden.", "Ongeldige pagina.")
    return page, size


def _matches(value, wanted: str) -> bool:
    if isinstance(value, list):
        return wanted in value
    if isinstance(value, bool):
        return wanted.lower() == str(value).lower()
    return value is not None and str(value) == wanted


def _is_date(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _valid_kenmerken(value) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict)
        and isinstance(item.get("kenmerk"), str)
        and isinstance(item.get("bron"), str)
        for item in value
    )


def _problem(error: ApiError, base: str) -> dict:
    return {
        "type": f"{base}/ref/fouten/{error.name}/",
        "code": error.code,
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
        **error.extra,
    }


def _path(path_or_url: str) -> str:
    return urlsplit(path_or_url).path.rstrip("/")


def _headers(environ) -> dict[str, str]:
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").title()] = value
    # wsgiref fills in CONTENT_TYPE "text/plain" for every request, so it only means
    # something when there is a body.
    if environ.get("CONTENT_LENGTH") not in (None, "", "0"):
        headers["Content-Length"] = environ["CONTENT_LENGTH"]
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
    return headers


def _read_body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _server_host(environ) -> str:
    return f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
