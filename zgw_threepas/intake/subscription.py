"""The abonnement at the Notificaties API that makes notifications reach us.

Notifications only arrive once an abonnement for kanalen ``zaken`` and ``besluiten`` is
registered with our callback URL and the ``auth`` the Notificaties API must send along. This
module checks, registers and renews that abonnement; the management command
``threepas_subscribe``, the admin and the configuration-as-code step all use it.

Which Notificaties API: the service chosen in :class:`~zgw_threepas.models.ThreepasConfig`,
else the one of notifications-api-common's ``NotificationsConfig`` (Open Zaak configures that
one to publish its own notifications, so it already holds working credentials).

The Notificaties API never shows the ``auth`` of an abonnement again (it is write-only), so a
check can only say that an abonnement exists for our callback URL and kanalen. After the
webhook authorization changed, :func:`subscribe` with ``renew=True`` sends the new one.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext as _

import requests
from ape_pie import APIClient
from zgw_consumers.client import ZGWAuth, build_client
from zgw_consumers.constants import AuthTypes
from zgw_consumers.models import Service

from ..exceptions import ZgwThreepasError
from ..logging import get_logger
from ..models import ThreepasConfig

logger = get_logger(__name__)

#: The kanalen we act on (see :mod:`zgw_threepas.intake.events`), without filters.
DEFAULT_KANALEN: dict[str, dict[str, str]] = {"zaken": {}, "besluiten": {}}


class SubscriptionError(ZgwThreepasError):
    """The abonnement could not be checked or registered; the message says what to do."""

    code = "subscription-failed"


@dataclass(frozen=True)
class Abonnement:
    url: str
    callback_url: str
    kanalen: dict[str, dict[str, str]]

    @classmethod
    def from_api(cls, data: Mapping) -> Abonnement:
        return cls(
            url=data.get("url", ""),
            callback_url=data.get("callbackUrl", ""),
            kanalen={
                group.get("naam", ""): dict(group.get("filters") or {})
                for group in data.get("kanalen") or []
            },
        )


@dataclass
class SubscriptionReport:
    """What is registered at the Notificaties API for our callback URL, and what was done."""

    service: str
    callback_url: str
    wanted: dict[str, dict[str, str]]
    #: ``checked``, ``created``, ``updated``, ``renewed``, ``unchanged`` or ``missing``.
    outcome: str
    abonnement: Abonnement | None = None
    unknown_kanalen: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def missing_kanalen(self) -> list[str]:
        registered = self.abonnement.kanalen if self.abonnement else {}
        return [naam for naam, filters in self.wanted.items() if registered.get(naam) != filters]

    @property
    def ok(self) -> bool:
        return self.abonnement is not None and not self.missing_kanalen and not self.unknown_kanalen

    def lines(self) -> list[str]:
        """The report in plain words, one line per fact, for the command and the admin."""
        lines = [
            _("Notificaties API: %(service)s") % {"service": self.service},
            _("Callback URL: %(url)s") % {"url": self.callback_url},
        ]
        messages = {
            "created": _("A new abonnement was registered: %(url)s"),
            "updated": _("The abonnement was updated to the wanted kanalen: %(url)s"),
            "renewed": _("The abonnement was renewed with the current authorization: %(url)s"),
            "unchanged": _("The abonnement was already registered; nothing changed: %(url)s"),
            "checked": _("Abonnement: %(url)s"),
        }
        if self.abonnement is None:
            lines.append(_("No abonnement is registered for this callback URL."))
        else:
            lines.append(messages[self.outcome] % {"url": self.abonnement.url})
            for naam, filters in sorted(self.abonnement.kanalen.items()):
                described = ", ".join(
                    f"{key}={value}" for key, value in sorted(filters.items())
                ) or _("no filters")
                lines.append(
                    _("  kanaal %(naam)s (%(filters)s)") % {"naam": naam, "filters": described}
                )
        if self.abonnement is not None and self.missing_kanalen:
            lines.append(
                _("Not subscribed as wanted: %(kanalen)s. Register again to fix this.")
                % {"kanalen": ", ".join(self.missing_kanalen)}
            )
        if self.unknown_kanalen:
            lines.append(
                _(
                    "The Notificaties API does not know kanaal %(kanalen)s. Open Zaak creates "
                    "its kanalen with 'manage.py register_kanalen'."
                )
                % {"kanalen": ", ".join(self.unknown_kanalen)}
            )
        if self.duplicates:
            lines.append(
                _(
                    "%(count)d other abonnement(en) use the same callback URL; every "
                    "notification then arrives more than once (it is stored once): %(urls)s"
                )
                % {"count": len(self.duplicates), "urls": ", ".join(self.duplicates)}
            )
        return lines


def notificaties_service(config: ThreepasConfig | None = None) -> Service:
    """The zgw-consumers ``Service`` of the Notificaties API to register the abonnement at."""
    config = config or ThreepasConfig.get_solo()
    if config.notificaties_service_id:
        return config.notificaties_service
    if apps.is_installed("notifications_api_common"):
        from notifications_api_common.models import NotificationsConfig

        service = NotificationsConfig.get_solo().notifications_api_service
        if service is not None:
            return service
    raise SubscriptionError(
        _(
            "No Notificaties API is configured. Choose a service of type 'NRC (Notifications)' "
            "as 'Notificaties API service' in the 3PAS configuration."
        )
    )


def subscription_auth(config: ThreepasConfig) -> str:
    """The ``auth`` to register: what the Notificaties API must send and our webhook accepts.

    The webhook authorization when there is one. Otherwise a ZGW JWT made with the webhook JWT
    credentials: the Notificaties API sends it when it tests the callback URL, and signs each
    real delivery itself when it is set up to do so (Open Notificaties' ZGW authorization of
    an abonnement).
    """
    if config.webhook_auth:
        return config.webhook_auth
    if config.webhook_jwt_client_id and config.webhook_jwt_secret:
        signer = Service(
            auth_type=AuthTypes.zgw,
            client_id=config.webhook_jwt_client_id,
            secret=config.webhook_jwt_secret,
        )
        return f"Bearer {ZGWAuth(service=signer)._token}"
    raise SubscriptionError(
        _(
            "No webhook authorization is configured, so the Notificaties API could not "
            "authenticate itself. Fill in 'webhook authorization' in the 3PAS configuration."
        )
    )


def callback_url_for(config: ThreepasConfig, override: str = "") -> str:
    url = override or config.notificaties_callback_url
    if not url:
        raise SubscriptionError(
            _(
                "No callback URL is known. Fill in 'callback URL' in the 3PAS configuration "
                "(or pass --callback-url)."
            )
        )
    return url


def _log_failure(func):
    """Log a :class:`SubscriptionError` of ``func`` as ``subscription_failed``, then raise it."""

    @functools.wraps(func)
    def logged(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SubscriptionError as exc:
            status = exc.context.get("status")
            logger.error(
                "subscription_failed",
                operation=func.__name__,
                reason_code=f"http-{status}" if status else exc.code,
            )
            raise

    return logged


@_log_failure
def check(
    *, callback_url: str = "", kanalen: Mapping[str, Mapping[str, str]] | None = None
) -> SubscriptionReport:
    """Report what the Notificaties API has registered for our callback URL; change nothing."""
    config = ThreepasConfig.get_solo()
    service = notificaties_service(config)
    callback_url = callback_url_for(config, callback_url)
    wanted = _wanted(kanalen)
    with _client(service) as client:
        unknown = _unknown_kanalen(client, wanted)
        ours, others = _find(client, callback_url, wanted)
    logger.info(
        "subscription_checked",
        outcome="checked" if ours else "missing",
        abonnement_url=ours.url if ours else "",
        callback_url=callback_url,
        unknown_kanalen=unknown,
        duplicates=len(others),
    )
    return SubscriptionReport(
        service=service.api_root,
        callback_url=callback_url,
        wanted=wanted,
        outcome="checked" if ours else "missing",
        abonnement=ours,
        unknown_kanalen=unknown,
        duplicates=[a.url for a in others],
    )


@_log_failure
def subscribe(
    *,
    callback_url: str = "",
    kanalen: Mapping[str, Mapping[str, str]] | None = None,
    renew: bool = False,
) -> SubscriptionReport:
    """Make sure an abonnement for our callback URL and kanalen is registered.

    Idempotent: an abonnement that already covers the kanalen (with the same filters) is left
    alone, one that does not is updated in place, and only when there is none a new one is
    created. With ``renew`` an existing abonnement is always sent again, with the current
    ``auth`` (after the webhook authorization was changed).

    The Notificaties API tests the callback URL before it accepts an abonnement (a test message
    with the ``auth`` must be answered 204, one without any authorization 401 or 403), so our
    webhook must already accept the configured authorization, in a committed transaction.
    """
    config = ThreepasConfig.get_solo()
    service = notificaties_service(config)
    callback_url = callback_url_for(config, callback_url)
    auth = subscription_auth(config)
    wanted = _wanted(kanalen)
    body = {
        "callbackUrl": callback_url,
        "auth": auth,
        "kanalen": [{"naam": naam, "filters": filters} for naam, filters in wanted.items()],
    }
    with _client(service) as client:
        unknown = _unknown_kanalen(client, wanted)
        if unknown:
            # Registering would fail with a less helpful validation error.
            raise SubscriptionError(
                _(
                    "The Notificaties API does not know kanaal %(kanalen)s. Open Zaak creates "
                    "its kanalen with 'manage.py register_kanalen'."
                )
                % {"kanalen": ", ".join(unknown)}
            )
        ours, others = _find(client, callback_url, wanted)
        if ours is None:
            outcome = "created"
            registered = _send(client, "post", "abonnement", body)
        elif renew or not _covers(ours, wanted):
            outcome = "renewed" if renew else "updated"
            registered = _send(client, "put", ours.url, body)
        else:
            outcome, registered = "unchanged", ours
    logger.info(
        "subscription_registered",
        outcome=outcome,
        abonnement_url=registered.url,
        callback_url=callback_url,
        kanalen=sorted(registered.kanalen),
        duplicates=len(others),
    )
    return SubscriptionReport(
        service=service.api_root,
        callback_url=callback_url,
        wanted=wanted,
        outcome=outcome,
        abonnement=registered,
        duplicates=[a.url for a in others],
    )


def _wanted(kanalen: Mapping[str, Mapping[str, str]] | None) -> dict[str, dict[str, str]]:
    chosen = DEFAULT_KANALEN if kanalen is None else kanalen
    return {naam: dict(filters or {}) for naam, filters in chosen.items()}


def _covers(abonnement: Abonnement, wanted: Mapping[str, Mapping[str, str]]) -> bool:
    return all(abonnement.kanalen.get(naam) == dict(filters) for naam, filters in wanted.items())


def _client(service: Service) -> APIClient:
    return build_client(service, client_factory=APIClient)


def _unknown_kanalen(client: APIClient, wanted: Mapping) -> list[str]:
    known = {kanaal.get("naam") for kanaal in _results(_get(client, "kanaal"))}
    return [naam for naam in wanted if naam not in known]


def _find(
    client: APIClient, callback_url: str, wanted: Mapping
) -> tuple[Abonnement | None, list[Abonnement]]:
    """Our abonnement (the one that covers the kanalen best) and the other ones with the same
    callback URL."""
    same_callback = [
        abonnement
        for abonnement in map(Abonnement.from_api, _results(_get(client, "abonnement")))
        if abonnement.callback_url == callback_url
    ]
    if not same_callback:
        return None, []
    same_callback.sort(key=lambda a: not _covers(a, wanted))
    return same_callback[0], same_callback[1:]


def _results(data) -> list[dict]:
    # Open Notificaties answers a plain list; a paginated answer is accepted as well.
    if isinstance(data, dict):
        return list(data.get("results") or [])
    return list(data or [])


def _get(client: APIClient, path: str):
    return _json(_request(client, "get", path), path)


def _send(client: APIClient, method: str, path: str, body: dict) -> Abonnement:
    response = _request(client, method, path, json=body)
    return Abonnement.from_api(_json(response, path))


def _request(client: APIClient, method: str, path: str, **kwargs) -> requests.Response:
    try:
        response = client.request(method, path, **kwargs)
    except requests.RequestException as exc:
        raise SubscriptionError(
            _("The Notificaties API could not be reached: %(error)s") % {"error": exc}
        ) from exc
    if response.status_code in (401, 403):
        raise SubscriptionError(
            _(
                "The Notificaties API refused our credentials (HTTP %(status)s). Check the "
                "client ID and secret of its service; it needs scope notificaties.consumeren."
            )
            % {"status": response.status_code},
            status=response.status_code,
        )
    if response.status_code == 400:
        raise SubscriptionError(
            _(
                "The Notificaties API did not accept the abonnement: %(detail)s. It tests the "
                "callback URL first: the URL must be reachable from the Notificaties API, "
                "answer 204 with the configured authorization and 401 or 403 without."
            )
            % {"detail": _problem_detail(response)},
            status=400,
        )
    if not response.ok:
        raise SubscriptionError(
            _("The Notificaties API answered HTTP %(status)s: %(detail)s")
            % {"status": response.status_code, "detail": _problem_detail(response)},
            status=response.status_code,
        )
    return response


def _json(response: requests.Response, path: str):
    try:
        return response.json()
    except ValueError as exc:
        raise SubscriptionError(
            _("The Notificaties API did not answer JSON for %(path)s.") % {"path": path}
        ) from exc


def _problem_detail(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:300]
    if not isinstance(data, dict):
        return str(data)[:300]
    parts = [str(data.get("detail") or data.get("title") or "")]
    for param in data.get("invalidParams") or []:
        parts.append(f"{param.get('name')}: {param.get('reason')}")
    return "; ".join(p for p in parts if p) or response.text[:300]
