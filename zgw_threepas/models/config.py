from django.db import models
from django.utils.translation import gettext_lazy as _

from solo.models import SingletonModel


class ThreepasConfig(SingletonModel):
    """Installation-wide settings a functional administrator may change at run time."""

    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_(
            "When off, notifications are still received and stored, but no kennisgeving is "
            "sent until this is switched on again."
        ),
    )
    webhook_auth = models.CharField(
        _("webhook authorization"),
        max_length=1000,
        blank=True,
        help_text=_(
            "The exact value of the Authorization header the Notificaties API sends with "
            "each notification (the 'auth' of the abonnement), e.g. 'Token 2b8f...'. "
            "Notifications without this value are refused."
        ),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        default=8,
        help_text=_(
            "How often a delivery to 3PAS (or a fetch from the ZGW APIs) is tried before the "
            "publication is marked as failed."
        ),
    )
    retry_backoff_seconds = models.PositiveIntegerField(
        _("first retry delay (seconds)"),
        default=30,
        help_text=_("The delay before the first retry; each next retry waits twice as long."),
    )
    retry_backoff_max_seconds = models.PositiveIntegerField(
        _("longest retry delay (seconds)"),
        default=3600,
        help_text=_("No retry waits longer than this."),
    )
    catalogue_cache_seconds = models.PositiveIntegerField(
        _("catalogue cache (seconds)"),
        default=3600,
        help_text=_(
            "How long zaaktypen, statustypen, resultaattypen and besluittypen are kept in the "
            "cache. They rarely change; a new version has a new URL."
        ),
    )

    class Meta:
        verbose_name = _("3PAS configuration")

    def __str__(self):
        return str(_("3PAS configuration"))
