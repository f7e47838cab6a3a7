"""Include with ``path("threepas/", include("zgw_threepas.urls"))``."""

from django.urls import path

from .intake.views import NotificationWebhookView

app_name = "zgw_threepas"

urlpatterns = [
    path("notificaties/", NotificationWebhookView.as_view(), name="notificaties-webhook"),
]
