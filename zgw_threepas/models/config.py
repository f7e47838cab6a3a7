from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
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
            "Notifications without this value (or a valid JWT, see below) are refused."
        ),
    )
    webhook_jwt_client_id = models.CharField(
        _("webhook JWT client ID"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a Notificaties API that signs each delivery with a ZGW JWT: the client_id "
            "it puts in the token. Leave empty when the Notificaties API sends the fixed "
            "webhook authorization above."
        ),
    )
    webhook_jwt_secret = models.CharField(
        _("webhook JWT secret"),
        max_length=255,
        blank=True,
        help_text=_(
            "The shared secret the Notificaties API signs the ZGW JWT with (HS256). A "
            "notification with a valid token for the client ID above is accepted."
        ),
    )
    notificaties_service = models.ForeignKey(
        "zgw_consumers.Service",
        verbose_name=_("Notificaties API service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"api_type": "nrc"},
        related_name="+",
        help_text=_(
            "The Notificaties API at which the abonnement is registered. Empty: the service "
            "of the notifications configuration of the host (Open Zaak), if there is one."
        ),
    )
    notificaties_callback_url = models.URLField(
        _("callback URL"),
        max_length=1000,
        blank=True,
        help_text=_(
            "The URL the Notificaties API posts notifications to, as registered in the "
            "abonnement. In Open Zaak: one of its callback endpoints, e.g. "
            "'https://openzaak.example.nl/zaken/api/v1/callbacks'."
        ),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        default=8,
        # 0 would mark every publication as failed before its first delivery attempt.
        validators=[MinValueValidator(1)],
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

    def clean(self):
        super().clean()
        errors = {}
        # Half a JWT configuration would refuse every signed notification without saying why.
        if bool(self.webhook_jwt_client_id) != bool(self.webhook_jwt_secret):
            errors[NON_FIELD_ERRORS] = ValidationError(
                _("Fill in both the webhook JWT client ID and secret, or neither."),
                code="incomplete-jwt",
            )
        # A longest delay below the first one would make every retry wait the longest delay,
        # the first included: not what either field says.
        first, longest = self.retry_backoff_seconds, self.retry_backoff_max_seconds
        if first is not None and longest is not None and longest < first:
            errors["retry_backoff_max_seconds"] = ValidationError(
                _(
                    "The longest retry delay (%(longest)s seconds) cannot be shorter than the "
                    "first retry delay (%(first)s seconds)."
                ),
                code="backoff-max-below-base",
                params={"longest": longest, "first": first},
            )
        if errors:
            raise ValidationError(errors)
