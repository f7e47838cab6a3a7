"""Open Zaak's Celery app finds our tasks the way it finds its own."""

import sys

from celery import Celery

TASKS = {
    "zgw_threepas.process_notification",
    "zgw_threepas.deliver_publication",
    "zgw_threepas.sweep",
}


def test_autodiscovery_of_the_installed_apps_imports_our_tasks_module(monkeypatch):
    # Forget an earlier import, so the assertion shows that autodiscovery itself imports it.
    monkeypatch.delitem(sys.modules, "zgw_threepas.tasks", raising=False)
    # As openzaak/celery.py does: settings from Django, then autodiscover_tasks() without
    # arguments, which imports "<app>.tasks" of every installed app.
    app = Celery("host")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.autodiscover_tasks(force=True)

    assert "zgw_threepas.tasks" in sys.modules
    assert TASKS <= set(app.tasks)
