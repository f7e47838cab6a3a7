"""URLs of the Open Zaak environment check: the admin, and a callback endpoint as Open Zaak
serves one under each of its APIs (``/zaken/api/v1/callbacks`` etc.).

Open Zaak authenticates the Notificaties API there with its own middleware and autorisaties,
which are part of Open Zaak's code and not of its pinned packages; the check therefore serves
commonground-api-common's ``NotificationView`` without its permission check. Parsing,
validation and the hand-off to ``DEFAULT_NOTIFICATIONS_HANDLER`` are the real ones.
"""

from django.contrib import admin
from django.urls import include, path

from maykin_2fa import monkeypatch_admin
from maykin_2fa.urls import urlpatterns as maykin_2fa_urlpatterns
from maykin_2fa.urls import webauthn_urlpatterns
from vng_api_common.notifications.api.views import NotificationView

# Open Zaak's admin is the two-factor one of maykin-2fa; ours must work inside it.
monkeypatch_admin()

urlpatterns = [
    path("admin/", include((maykin_2fa_urlpatterns, "maykin_2fa"))),
    path("admin/", include((webauthn_urlpatterns, "two_factor"))),
    path("admin/", admin.site.urls),
    path(
        "zaken/api/v1/callbacks",
        NotificationView.as_view(permission_classes=()),
        name="notificaties-webhook",
    ),
]
