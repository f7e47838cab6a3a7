"""Checks made before each attempt: is this kennisgeving still wanted, and can it be sent?

A publication may wait hours between attempts, or days before an administrator sends it
again. In that time its rule may have been switched off, its organisation deactivated or its
zaak deleted. Sending it then would publish something nobody asked for, so each of these stops
the attempt at once, before anything goes to DROP, with a reason that says what to do.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from ..collect.fetch import CRS_HEADERS, ZGWFetcher
from ..exceptions import ZGWPermanentError, ZgwThreepasError
from ..kennisgeving.dates import date_in_words
from ..models import Publicatie
from .schedule import vandaag

#: A kennisgeving written longer ago than this is sent only after the Zaken API confirms that
#: its zaak still exists. One written just now, from a zaak read seconds before, is sent at once.
ZAAK_CHECK_AFTER = timedelta(minutes=5)


def zaak_needs_checking(publicatie: Publicatie, attempt: int) -> bool:
    """Whether to read the zaak before ``attempt``: for every attempt after the first, and for
    a first attempt of a kennisgeving that waited (for its publication date, or for an
    administrator who sends it again, which counts attempts from 1 again) or whose date has
    passed (it is about to be written anew from the zaak)."""
    waited = publicatie.aangemaakt < timezone.now() - ZAAK_CHECK_AFTER
    date_passed = publicatie.publicatiedatum is not None and publicatie.publicatiedatum < vandaag()
    return attempt > 1 or waited or date_passed


class NotSendable(ZgwThreepasError):
    """The publication must not be sent as it is; trying again without a change will not help."""

    def __init__(self, message: str, *, code: str, **context):
        super().__init__(message, **context)
        self.code = code


def check_sendable(publicatie: Publicatie, *, fetch_zaak: bool) -> None:
    """Raise :class:`NotSendable` when ``publicatie`` is no longer wanted or has no content.

    With ``fetch_zaak`` the zaak is read from the Zaken API, so that a zaak deleted since the
    kennisgeving was written is not published; a ZGW API that cannot be reached raises
    :class:`~zgw_threepas.exceptions.ZGWTransientError`, which the caller retries like any
    transient failure.
    """
    regel = publicatie.regel
    if regel is None:
        raise NotSendable(
            _(
                "The publication rule that asked for this kennisgeving has been deleted, so it "
                "was not sent. If it should still be published, send it again after adding a "
                "rule; otherwise cancel it."
            ),
            code="rule-deleted",
        )
    if not regel.actief:
        raise NotSendable(
            _(
                "The publication rule “%(rule)s” is no longer active, so this kennisgeving was "
                "not sent. Activate the rule and send it again, or cancel it."
            )
            % {"rule": regel.naam},
            code="rule-inactive",
        )
    organisatie = publicatie.organisatie
    if organisatie is not None and not organisatie.actief:
        raise NotSendable(
            _(
                "%(org)s is not active, so this kennisgeving was not sent. Activate the "
                "organisation and send it again, or cancel it."
            )
            % {"org": organisatie},
            code="inactive-organisation",
        )
    if not publicatie.inhoud_xml or not publicatie.metadata:
        raise NotSendable(
            _(
                "This publication has no kennisgeving yet: it was held before the text could "
                "be written. Mend the cause given earlier in its timeline, then process its "
                "notification again."
            ),
            code="not-rendered",
        )
    if fetch_zaak:
        try:
            ZGWFetcher().get(publicatie.zaak_url, headers=CRS_HEADERS)
        except ZGWPermanentError as exc:
            if exc.status in (404, 410):
                raise NotSendable(
                    _(
                        "The zaak %(zaak)s no longer exists in the Zaken API (HTTP %(status)s), "
                        "so its kennisgeving was not sent. If the zaak was deleted on purpose, "
                        "cancel this publication."
                    )
                    % {
                        "zaak": publicatie.zaak_identificatie or publicatie.zaak_url,
                        "status": exc.status,
                    },
                    code="zaak-gone",
                ) from exc
            raise
    # After the zaak check: a zaak deleted meanwhile is reported as such, rather than as
    # a kennisgeving to write anew (which would then fail on the missing zaak).
    if publicatie.publicatiedatum is not None and publicatie.publicatiedatum < vandaag():
        raise NotSendable(
            _(
                "This kennisgeving was written for publication on %(datum)s, which has passed: "
                "sent now, it would carry that date, and periods counted from it would be too "
                "short."
            )
            % {"datum": date_in_words(publicatie.publicatiedatum)},
            code="publicatiedatum-passed",
        )
