"""Typed errors of a 3PAS exchange, sorted by what the caller may do next.

The one question the delivery layer must answer after a failure is whether the message may be
sent again. Each class answers it through :attr:`ThreepasError.outcome`:

``transient``
    Certainly not delivered, and the cause may pass: sending again is safe.
``permanent``
    Refused (or it cannot succeed as it is): sending the same message again will not help.
``ambiguous``
    The message may have reached DROP. 3PAS is assumed not to be idempotent (3PAS-18), so
    sending again may publish twice: a person checks DROP first.

Every error carries the :class:`~zgw_threepas.threepas.types.Exchange` (what went over the
wire, with secrets redacted) when there was one, and explains itself to a functional
administrator through :meth:`ThreepasError.user_message`.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .contract import Outcome
from .types import Exchange

#: How much of an unexpected answer is kept in the error itself.
EXCERPT_CHARS = 500

#: Plain-words reasons for the codes this room gives to situations that are not DROP faults.
REASONS = {
    "CONNECTION_REFUSED": _("the 3PAS address did not accept a connection"),
    "NAME_RESOLUTION": _("the server name in the 3PAS address could not be found"),
    "CONNECT_TIMEOUT": _("no connection to the 3PAS address could be made in time"),
    "TLS": _("the secure (TLS) connection could not be set up"),
    "TLS_CERTIFICATE": _("a certificate was not accepted while setting up the secure connection"),
    "ENDPOINT_INVALID": _("the configured 3PAS address is not a valid web address"),
    "READ_TIMEOUT": _("the message was sent, but no answer came in time"),
    "CONNECTION_DROPPED": _("the message was sent, but the connection broke before an answer"),
    "TLS_AFTER_SENDING": _(
        "the message was sent, but the secure (TLS) connection failed before an answer"
    ),
    "REQUEST_INVALID": _(
        "the message does not match the 3PAS message format this application assumes"
    ),
    "RESPONSE_EMPTY": _("an empty answer came back"),
    "RESPONSE_HTML": _(
        "a web page came back instead of a 3PAS answer, probably from a network intermediary"
    ),
    "RESPONSE_NOT_XML": _("the answer was incomplete or not readable"),
    "RESPONSE_NOT_SOAP": _("the answer was not a 3PAS message"),
    "RESPONSE_UNSAFE": _("the answer contained constructs that are refused for safety"),
    "RESPONSE_TOO_LARGE": _("the answer was far larger than any 3PAS answer"),
    "RESPONSE_INCOMPLETE": _("the answer did not contain a dossier number"),
    "RESPONSE_DOSSIERNUMMER": _(
        "the answer contained a dossier number this application cannot record (too long, or "
        "with characters other than letters, digits and - _ . /)"
    ),
    "NOT_ALIVE": _("the 3PAS service reported that it is not available"),
    "REDIRECT": _("the 3PAS address sent the message on to another address"),
}


class ThreepasError(Exception):
    """Root of every failure of a 3PAS exchange.

    ``code`` is DROP's fault code when DROP sent one, else one of :data:`REASONS`' keys or
    ``HTTP_<status>``. ``message`` is the technical detail, in English, for the message log.
    """

    #: The root is never raised itself; should that change, "may have arrived" is the answer
    #: that cannot cause a duplicate publication.
    outcome: ClassVar[Outcome] = "ambiguous"
    default_code: ClassVar[str] = "THREEPAS"

    def __init__(self, message: str, *, code: str = "", exchange: Exchange | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.exchange = exchange

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    @property
    def http_status(self) -> int | None:
        return self.exchange.http_status if self.exchange else None

    @property
    def response_excerpt(self) -> str:
        """The start of what came back, decoded leniently, for the administrator."""
        if not self.exchange or not self.exchange.response_body:
            return ""
        return excerpt(self.exchange.response_body)

    def reason(self) -> str:
        """What happened, in plain words, without the advice."""
        known = REASONS.get(self.code)
        if known is not None:
            return str(known)
        if self.code in ("HTTP_401", "HTTP_403"):
            return gettext(
                "the 3PAS address refused the sender (HTTP %(status)s): check the "
                "organisation's username and password, or its client certificate (run the "
                "connection check)"
            ) % {"status": self.code.removeprefix("HTTP_")}
        if self.code.startswith("HTTP_"):
            return gettext("the 3PAS address answered with HTTP status %(status)s") % {
                "status": self.code.removeprefix("HTTP_")
            }
        return gettext("DROP answered with error code %(code)s: %(message)s") % {
            "code": self.code,
            "message": self.message,
        }

    def user_message(self) -> str:
        return gettext(
            "The publication could not be delivered to DROP: %(reason)s. Check the message "
            "log of this publication."
        ) % {"reason": self.reason()}


class ThreepasTransientError(ThreepasError):
    """Certainly not delivered; safe to send again (connection refused, 503, busy, ...)."""

    outcome: ClassVar[Outcome] = "transient"
    default_code: ClassVar[str] = "TRANSIENT"

    def user_message(self) -> str:
        return gettext(
            "The publication was not delivered to DROP: %(reason)s. Nothing was published, "
            "so sending it again is safe, and this happens automatically. If it keeps failing, "
            "check the 3PAS address and certificate in the configuration, or ask KOOP's "
            "service desk whether DROP is available."
        ) % {"reason": self.reason()}


class ThreepasPermanentError(ThreepasError):
    """Refused by DROP or by the service in front of it; the same message will fail again."""

    outcome: ClassVar[Outcome] = "permanent"
    default_code: ClassVar[str] = "PERMANENT"

    def user_message(self) -> str:
        return gettext(
            "DROP did not accept the publication: %(reason)s. It will not be sent again "
            "automatically. Correct the cause (the text, the metadata or the connection "
            "settings), then send it again."
        ) % {"reason": self.reason()}


class ThreepasValidationError(ThreepasPermanentError):
    """The request failed our own schema check and was never sent."""

    default_code: ClassVar[str] = "REQUEST_INVALID"

    def user_message(self) -> str:
        return gettext(
            "The publication was not sent: %(reason)s (%(message)s). Nothing reached DROP. "
            "Correct the publication's data or the rule that produced it, then send it again."
        ) % {"reason": self.reason(), "message": self.message}


class ThreepasAmbiguousError(ThreepasError):
    """The message may have reached DROP: sending it again could publish it twice."""

    outcome: ClassVar[Outcome] = "ambiguous"
    default_code: ClassVar[str] = "AMBIGUOUS"

    def user_message(self) -> str:
        return gettext(
            "It is not known whether DROP received the publication: %(reason)s. Do not send "
            "it again before checking: look in DROP for a dossier with this title. If it is "
            "there, record its dossier number here; if it is not, send it again."
        ) % {"reason": self.reason()}


class ThreepasResponseError(ThreepasAmbiguousError):
    """Something came back that is not a 3PAS answer (HTML, empty, cut off, not SOAP).

    ``excerpt`` keeps the first :data:`EXCERPT_CHARS` characters of it, also when there is
    no exchange (parsing a body on its own).
    """

    default_code: ClassVar[str] = "RESPONSE_NOT_SOAP"

    def __init__(
        self,
        message: str,
        *,
        body: bytes = b"",
        code: str = "",
        exchange: Exchange | None = None,
    ):
        super().__init__(message, code=code, exchange=exchange)
        self.excerpt = excerpt(body)

    @property
    def response_excerpt(self) -> str:
        return self.excerpt or super().response_excerpt

    def user_message(self) -> str:
        text = super().user_message()
        if not self.excerpt:
            return text
        return gettext("%(text)s The answer began with: %(excerpt)s") % {
            "text": text,
            "excerpt": self.excerpt,
        }


def excerpt(body: bytes, limit: int = EXCERPT_CHARS) -> str:
    return body[: limit * 4].decode("utf-8", errors="replace")[:limit]
