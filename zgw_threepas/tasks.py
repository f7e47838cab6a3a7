"""The Celery tasks, importable as ``zgw_threepas.tasks``.

Celery's ``autodiscover_tasks()`` (which Open Zaak's worker calls) imports only the ``tasks``
module of each installed app; the tasks themselves live with the delivery code.
"""

from .delivery.tasks import deliver_publication, process_notification, sweep_task

__all__ = ["deliver_publication", "process_notification", "sweep_task"]
