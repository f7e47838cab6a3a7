from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _

from solo.admin import SingletonModelAdmin

from ..intake.subscription import SubscriptionError, check, subscribe
from ..models import (
    ThreepasConfig,
)


@admin.register(ThreepasConfig)
class ThreepasConfigAdmin(SingletonModelAdmin):
    change_form_template = "admin/zgw_threepas/threepasconfig/change_form.html"
    fieldsets = (
        (None, {"fields": ("enabled",)}),
        (
            _("Notifications"),
            {
                "fields": (
                    "webhook_auth",
                    "webhook_jwt_client_id",
                    "webhook_jwt_secret",
                    "notificaties_service",
                    "notificaties_callback_url",
                ),
                "description": _(
                    "How the Notificaties API reaches us. Save first, then use the abonnement "
                    "buttons at the top of this page to check, register or renew it."
                ),
            },
        ),
        (
            _("Retries"),
            {"fields": ("max_attempts", "retry_backoff_seconds", "retry_backoff_max_seconds")},
        ),
        (_("Cache"), {"fields": ("catalogue_cache_seconds",)}),
    )

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_abonnement"
        return [
            path(
                "abonnement/<str:mode>/",
                self.admin_site.admin_view(self.abonnement_view),
                name=name,
            ),
            *super().get_urls(),
        ]

    def abonnement_view(self, request, mode: str):
        """Check (``check``), register (``subscribe``) or renew (``renew``) the abonnement at
        the Notificaties API and show the report as messages."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if mode not in ("check", "subscribe", "renew") or not self.has_change_permission(request):
            raise PermissionDenied
        callback_url = self._callback_url(request)
        try:
            if mode == "check":
                report = check(callback_url=callback_url)
            else:
                report = subscribe(callback_url=callback_url, renew=mode == "renew")
        except SubscriptionError as exc:
            self.message_user(request, exc.user_message(), messages.ERROR)
        else:
            level = messages.SUCCESS if report.ok else messages.WARNING
            for line in report.lines():
                self.message_user(request, line, level)
        return HttpResponseRedirect(
            reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_change")
        )

    def _callback_url(self, request) -> str:
        """The configured callback URL; else our own webhook, where the host serves it."""
        if ThreepasConfig.get_solo().notificaties_callback_url:
            return ""
        try:
            return request.build_absolute_uri(reverse("zgw_threepas:notificaties-webhook"))
        except NoReverseMatch:
            return ""
