"""The errors of the pipeline outside the 3PAS room.

Every error carries what an administrator needs: :meth:`user_message` says in plain words what
happened and what to do. Errors of the 3PAS room live in :mod:`zgw_threepas.threepas.errors`,
errors of rendering in :mod:`zgw_threepas.kennisgeving.errors`.
"""

from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _


class ZgwThreepasError(Exception):
    """Root of this app's own errors."""

    code = "error"

    def __init__(self, message: str = "", **context):
        super().__init__(message)
        self.message = message
        self.context = context

    def user_message(self) -> str:
        return self.message or str(self)

    def interactive_message(self) -> str:
        """:meth:`user_message` for someone waiting for an answer now (a form, a preview, a
        command), where nothing is tried again by itself."""
        return self.user_message()


class InvalidNotification(ZgwThreepasError, SuspiciousOperation):
    """A notification message that does not follow the Notificaties API; answered with 400."""

    code = "invalid-notification"

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{e['name']}: {e['reason']}" for e in errors))


class ZGWError(ZgwThreepasError):
    """Fetching from a ZGW API failed."""

    transient = False

    def __init__(self, message: str, *, url: str = "", status: int | None = None, **context):
        super().__init__(message, url=url, status=status, **context)
        self.url = url
        self.status = status


class ZGWTransientError(ZGWError):
    """The API could not be reached or answered 5xx; trying again later may work."""

    code = "zgw-unavailable"
    transient = True

    def user_message(self) -> str:
        return _(
            "The ZGW API could not be reached (%(detail)s). The fetch is retried automatically."
        ) % {"detail": self.message}

    def interactive_message(self) -> str:
        return _(
            "The ZGW API could not be reached (%(detail)s). Check that the API is running and "
            "that its service under Services points to it, then try again."
        ) % {"detail": self.message}


class ZGWTooSlow(ZGWTransientError):
    """The task's time limit ran out while a ZGW API was being read or written: a passing
    cause, tried again like an API out of reach."""

    code = "time-limit"

    def __init__(self, message: str = "", **context):
        super().__init__(
            message or _("the ZGW API answered too slowly: the task's time limit ran out"),
            **context,
        )


class ZGWPermanentError(ZGWError):
    """The API refused the request in a way that trying again will not mend."""

    code = "zgw-refused"

    def user_message(self) -> str:
        return _("The ZGW API refused the request: %(detail)s") % {"detail": self.message}


class ZGWServiceMissing(ZGWPermanentError):
    """No zgw-consumers service covers the URL: nothing was asked, the configuration lacks it."""

    code = "zgw-no-service"

    def user_message(self) -> str:
        return _("zgw-threepas cannot ask the ZGW API: %(detail)s") % {"detail": self.message}


class PublicationHeld(ZgwThreepasError):
    """A publication that must not be sent as it is; an administrator has to look at it."""

    code = "held"

    def __init__(self, message: str, *, code: str = "held", **context):
        super().__init__(message, **context)
        self.code = code
