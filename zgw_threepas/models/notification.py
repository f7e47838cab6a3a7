import hashlib
import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import NotificatieStatus


def notification_key(message: dict) -> str:
    """The identity of a notification, the same for every redelivery of it.

    Open Notificaties retries a delivery with the very same message, so the fields that
    describe the event (not the delivery) make the key.
    """
    parts = [
        message.get("kanaal", ""),
        message.get("resource", ""),
        message.get("resourceUrl", ""),
        message.get("actie", ""),
        message.get("aanmaakdatum", ""),
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


class OntvangenNotificatie(models.Model):
    """A notification as received, stored before it is acknowledged so none is lost."""

    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    kanaal = models.CharField(_("kanaal"), max_length=50)
    resource = models.CharField(_("resource"), max_length=100)
    actie = models.CharField(_("actie"), max_length=100)
    hoofd_object = models.URLField(_("hoofdObject"), max_length=1000)
    resource_url = models.URLField(_("resourceUrl"), max_length=1000)
    aanmaakdatum = models.DateTimeField(_("aanmaakdatum"))
    bericht = models.JSONField(_("message"), help_text=_("The message as received."))
    status = models.CharField(
        _("state"),
        max_length=20,
        choices=NotificatieStatus.choices,
        default=NotificatieStatus.received,
        db_index=True,
    )
    reden = models.TextField(_("reason"), blank=True)
    ontvangen = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    verwerkt = models.DateTimeField(_("processed"), null=True, blank=True)
    pogingen = models.PositiveIntegerField(_("attempts"), default=0)
    volgende_poging = models.DateTimeField(_("next attempt"), null=True, blank=True)
    keer_ontvangen = models.PositiveIntegerField(
        _("times received"),
        default=1,
        help_text=_("More than 1 means the Notificaties API delivered it again."),
    )

    class Meta:
        verbose_name = _("received notification")
        verbose_name_plural = _("received notifications")
        ordering = ("-ontvangen",)

    def __str__(self):
        # In the site's time zone, as the admin shows the aanmaakdatum next to it.
        moment = self.aanmaakdatum
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{self.kanaal} {self.resource} {self.actie} ({moment:%Y-%m-%d %H:%M})"
