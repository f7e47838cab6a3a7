"""The webhook that the Notificaties API posts to."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.http.request import UnreadablePostError
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

import jwt

from ..exceptions import InvalidNotification
from ..logging import get_logger
from ..models import ThreepasConfig
from .receive import receive
from .validation import validate_message

logger = get_logger(__name__)


def _problem(status: int, title: str, detail: str, invalid_params=None) -> JsonResponse:
    body = {"title": title, "status": status, "detail": detail}
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    # The answers are for the integrator who configures the sender, in English whatever the
    # site's language (LocaleMiddleware would otherwise label them with it).
    response["Content-Language"] = "en"
    if status == 401:
        response["WWW-Authenticate"] = "Token"
    return response


@method_decorator(csrf_exempt, name="dispatch")
class NotificationWebhookView(View):
    """Receives ``Kennisgeving`` messages from the Notificaties API.

    Answers at once: 401/403 for missing or wrong credentials (compared in constant time),
    413 for a body larger than Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, 400 for a body that
    is not JSON (or nests too deeply) and naming every wrong field otherwise, 204 when the
    message is stored (or ignored because we do not act on it). Every refusal is a
    ``problem+json`` answer and a ``notification_invalid`` or ``webhook_refused`` event that
    never carries the body. The work itself runs in a Celery task queued after the
    transaction commits.
    """

    http_method_names = ["post"]

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = _problem(
            405,
            "Method not allowed",
            f"{request.method} is not supported: the Notificaties API POSTs notifications to "
            "this address.",
        )
        response["Allow"] = "POST"
        return response

    def post(self, request, *args, **kwargs):
        denied = self._check_credentials(request)
        if denied is not None:
            return denied

        try:
            body = request.body
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            logger.warning(
                "notification_invalid",
                via="webhook",
                reason_code="body-too-large",
                fields=[],
                max_bytes=limit,
                content_length=_content_length(request),
            )
            return _problem(
                413,
                "Body too large",
                f"The body is larger than the {limit} bytes this server accepts "
                "(Django's DATA_UPLOAD_MAX_MEMORY_SIZE). A notification is a few hundred bytes.",
                [
                    {
                        "name": "nonFieldErrors",
                        "code": "too_large",
                        "reason": f"At most {limit} bytes.",
                    }
                ],
            )
        except UnreadablePostError:
            # The sender went away while sending; it will deliver the notification again.
            logger.warning(
                "notification_invalid", via="webhook", reason_code="body-unreadable", fields=[]
            )
            return _problem(400, "Unreadable body", "The body could not be read completely.")

        try:
            message = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
        except RecursionError:
            logger.warning(
                "notification_invalid", via="webhook", reason_code="too-deeply-nested", fields=[]
            )
            reason = "Objects and arrays are nested too deeply."
            return _problem(
                400,
                "Invalid JSON",
                f"The body is not valid JSON for a notification: {reason}",
                [{"name": "nonFieldErrors", "code": "parse_error", "reason": reason}],
            )
        except (UnicodeDecodeError, ValueError) as exc:
            # ValueError covers json.JSONDecodeError, NaN/Infinity and integers too long to
            # convert (Python's int_max_str_digits).
            logger.warning(
                "notification_invalid", via="webhook", reason_code="parse-error", fields=[]
            )
            return _problem(
                400,
                "Invalid JSON",
                f"The body is not valid JSON: {exc}",
                [{"name": "nonFieldErrors", "code": "parse_error", "reason": str(exc)}],
            )
        try:
            notification = validate_message(message)
        except InvalidNotification as exc:
            logger.warning(
                "notification_invalid",
                via="webhook",
                reason_code=exc.code,
                fields=sorted({error["name"] for error in exc.errors}),
            )
            return _problem(400, "Invalid notification", exc.message, exc.errors)

        receive(notification)
        return HttpResponse(status=204)

    def _check_credentials(self, request):
        provided = request.headers.get("Authorization")
        if not provided:
            logger.warning("webhook_refused", reason_code="missing-credentials")
            return _problem(401, "Not authenticated", "The Authorization header is missing.")
        config = ThreepasConfig.get_solo()
        expected = config.webhook_auth
        signed = bool(config.webhook_jwt_client_id and config.webhook_jwt_secret)
        if not expected and not signed:
            logger.warning("webhook_refused", reason_code="not-configured")
            return _problem(
                403,
                "Not configured",
                "No webhook authorization is configured; every notification is refused.",
            )
        if expected and hmac.compare_digest(provided.encode("utf-8"), expected.encode("utf-8")):
            return None
        if signed and is_valid_zgw_jwt(
            provided, config.webhook_jwt_client_id, config.webhook_jwt_secret
        ):
            return None
        logger.warning("webhook_refused", reason_code="wrong-credentials")
        return _problem(403, "Forbidden", "The credentials are not valid.")


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _content_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


#: Clock difference tolerated between the Notificaties API and us when checking ``iat``/``exp``.
JWT_LEEWAY_SECONDS = 300


def is_valid_zgw_jwt(authorization: str, client_id: str, secret: str) -> bool:
    """Whether ``authorization`` is ``Bearer <ZGW JWT>`` signed (HS256) with ``secret`` for
    ``client_id``, as Open Notificaties sends when it signs each delivery.

    The token must carry ``iat`` and must not be issued in the future (beyond the leeway); an
    ``exp`` claim, which zgw-consumers adds, is honoured. Old tokens are not refused for their
    age alone: a replayed notification is stored once (see :func:`receive`), so replay gains an
    attacker nothing, while a Notificaties API that retries with the token of the first attempt
    must not be locked out.
    """
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    try:
        claims = jwt.decode(
            token.strip(),
            secret,
            algorithms=["HS256"],
            options={"require": ["iat"], "verify_aud": False},
            leeway=JWT_LEEWAY_SECONDS,
        )
    except jwt.InvalidTokenError as exc:
        logger.info("webhook_jwt_refused", reason_code=f"jwt-invalid:{type(exc).__name__}")
        return False
    if claims.get("client_id") != client_id:
        logger.info("webhook_jwt_refused", reason_code="jwt-other-client")
        return False
    return True
