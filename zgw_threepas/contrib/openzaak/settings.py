"""The settings an Open Zaak installation adds for zgw-threepas, in one call.

Open Zaak reads most of its configuration from environment variables, but a few things a plugin
needs are Python settings without a variable: the notification handler, the Celery beat
schedule, the configuration-as-code steps and the log level of the plugin's logger. A settings
module on top of Open Zaak's own adds them::

    # src/openzaak/conf/threepas.py (see Dockerfile.example)
    from openzaak.conf.docker import *  # noqa: F403

    from zgw_threepas.contrib.openzaak.settings import configure

    configure(globals())

and ``DJANGO_SETTINGS_MODULE=openzaak.conf.threepas`` with ``PLUGINS=zgw_threepas``. (Inside
the ``openzaak`` package, because Open Zaak derives its project directory from the first part
of ``DJANGO_SETTINGS_MODULE``.) Every change is
additive: entries the installation already has are kept, so the call is safe to combine with
settings of its own and to make twice.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from django.core.exceptions import ImproperlyConfigured

#: The handler for ``DEFAULT_NOTIFICATIONS_HANDLER``; it passes every message on to Open Zaak's
#: default handler afterwards.
HANDLER = "zgw_threepas.contrib.openzaak.handler.handler"

BEAT_SCHEDULE = {
    "zgw-threepas-sweep": {"task": "zgw_threepas.sweep", "schedule": 60.0},
    "zgw-threepas-cleanup-message-log": {
        "task": "zgw_threepas.cleanup_message_log",
        "schedule": 24 * 60 * 60.0,
    },
}

#: After zgw-consumers' ServiceConfigurationStep, which Open Zaak lists: ours refer to services.
SETUP_CONFIGURATION_STEPS = [
    "zgw_threepas.contrib.setup_configuration.steps.ThreepasConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.OrganisatieConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.PublicatieRegelConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.AbonnementConfigurationStep",
]

LOGGER = "zgw_threepas"

#: The handler ours passes every message on to (see :mod:`zgw_threepas.contrib.openzaak.handler`).
FALLBACK_SETTING = "ZGW_THREEPAS_NOTIFICATIONS_FALLBACK"


def configure(namespace: MutableMapping, *, log_level: str | None = None) -> None:
    """Add zgw-threepas' settings to the settings module whose ``globals()`` is ``namespace``.

    * ``DEFAULT_NOTIFICATIONS_HANDLER``: our handler, so that Open Zaak's callback endpoints
      feed the pipeline. A handler the installation named before is kept, behind ours: it
      becomes ``ZGW_THREEPAS_NOTIFICATIONS_FALLBACK``, which our handler passes every message
      on to (by default Open Zaak's own default handler).
    * ``CELERY_BEAT_SCHEDULE``: the sweep (every minute) and the clean-up of the message log
      (daily). Open Zaak's ``DatabaseScheduler`` copies them into django-celery-beat's tables
      when beat starts.
    * ``SETUP_CONFIGURATION_STEPS``: our four steps, after the ones already listed.
    * ``LOGGING``: a logger ``zgw_threepas`` with the handlers of Open Zaak's own project logger
      (JSON lines to stdout in the Docker image), at ``log_level`` or Open Zaak's
      ``LOG_LEVEL``. Without it Open Zaak's root logger, which lets only errors through, would
      swallow every info and warning event (see :doc:`/logging`).
    """
    current = namespace.get("DEFAULT_NOTIFICATIONS_HANDLER")
    if current not in (None, "", HANDLER):
        chained = namespace.get(FALLBACK_SETTING)
        if chained not in (None, current):
            raise ImproperlyConfigured(
                f"DEFAULT_NOTIFICATIONS_HANDLER is {current!r} and {FALLBACK_SETTING} is "
                f"{chained!r}; zgw-threepas' handler can pass messages on to one of them only. "
                f"Name the one that should receive them after zgw-threepas in "
                f"{FALLBACK_SETTING}, and remove DEFAULT_NOTIFICATIONS_HANDLER."
            )
        # Keep the installation's handler: ours passes every message on to it.
        namespace[FALLBACK_SETTING] = current
    namespace["DEFAULT_NOTIFICATIONS_HANDLER"] = HANDLER

    schedule = dict(namespace.get("CELERY_BEAT_SCHEDULE") or {})
    for name, entry in BEAT_SCHEDULE.items():
        schedule.setdefault(name, dict(entry))
    namespace["CELERY_BEAT_SCHEDULE"] = schedule

    steps = list(namespace.get("SETUP_CONFIGURATION_STEPS") or [])
    steps += [step for step in SETUP_CONFIGURATION_STEPS if step not in steps]
    namespace["SETUP_CONFIGURATION_STEPS"] = steps

    logging_config = namespace.get("LOGGING")
    if isinstance(logging_config, dict):
        loggers = logging_config.setdefault("loggers", {})
        project = loggers.get(namespace.get("PROJECT_DIRNAME", "openzaak"), {})
        level = log_level or namespace.get("LOG_LEVEL") or project.get("level") or "INFO"
        loggers.setdefault(
            LOGGER,
            {
                "handlers": list(project.get("handlers") or ["console"]),
                "level": level,
                "propagate": False,
            },
        )
