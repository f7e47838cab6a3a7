"""Django system checks: configuration that cannot work is reported at start-up.

Errors (``E0xx``) are about the installation: settings and apps without which nothing can
be sent. Each organisation's 3PAS connection is reported as warnings (``W0xx``, the ids of
:data:`zgw_threepas.delivery.check.SYSTEM_CHECK_IDS`), only when the checks run with a
database (``manage.py check --database default``, and before ``migrate``): a certificate
that expires must never stop a deployment of the case system it is installed in.
"""

from django.apps import apps
from django.core.checks import Error, Tags, Warning, register
from django.core.files.storage import InvalidStorageError, storages

REQUIRED_APPS = {
    "zgw_consumers": "zgw_consumers",
    "solo": "solo",
    # simple_certmanager's admin widgets for key files come from django-privates.
    "privates": "privates",
    "simple_certmanager": "simple_certmanager",
}

PRIVATE_STORAGE = "privates"


@register(Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    errors = []
    for label, module in REQUIRED_APPS.items():
        if not apps.is_installed(module):
            errors.append(
                Error(
                    f"zgw_threepas needs '{module}' in INSTALLED_APPS.",
                    hint=f"Add '{module}' to INSTALLED_APPS (Open Zaak has it already).",
                    id="zgw_threepas.E001",
                    obj=label,
                )
            )
    return errors


@register(Tags.compatibility)
def check_certificate_storage(app_configs=None, **kwargs):
    """Client certificates reach TLS as files: the 'privates' storage must have local paths."""
    try:
        storage = storages[PRIVATE_STORAGE]
    except InvalidStorageError:
        return [
            Error(
                "There is no 'privates' storage in STORAGES, so the certificates of the 3PAS "
                "connections (django-simple-certmanager) cannot be stored.",
                hint="Add a 'privates' file system storage outside MEDIA_ROOT to STORAGES.",
                id="zgw_threepas.E002",
            )
        ]
    try:
        storage.path("zgw-threepas-check")
    except NotImplementedError:
        return [
            Error(
                "The 'privates' storage keeps no local files, and a TLS client certificate "
                "can only be used from a file.",
                hint="Configure the 'privates' storage as a file system storage.",
                id="zgw_threepas.E003",
            )
        ]
    return []


@register(Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    from .constants import Aansluitstap
    from .settings import get_setting

    errors = []
    hosts = get_setting("ZGW_THREEPAS_ENDPOINT_HOSTS")
    steps = set(Aansluitstap.values)
    if not isinstance(hosts, dict) or not all(
        step in steps and isinstance(value, str) and _valid_host(value)
        for step, value in hosts.items()
    ):
        errors.append(
            Error(
                "ZGW_THREEPAS_ENDPOINT_HOSTS must map connection steps to a host name, or to a "
                f"URL pattern holding {{oin}}; it is {hosts!r}.",
                hint=(
                    f"Use the steps {', '.join(sorted(steps))}, e.g. "
                    "{'productie': 'host.example.nl'} or "
                    "{'poc': 'https://host.example.nl/opentunnel/{oin}/drop/3epas'}."
                ),
                id="zgw_threepas.E004",
            )
        )
    days = get_setting("ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
        errors.append(
            Error(
                "ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS must be a whole number of days (1 or "
                f"more), or None to keep the 3PAS message log for ever; it is {days!r}.",
                hint="KOOP may ask months later what was sent; 365 days is the default.",
                id="zgw_threepas.E005",
            )
        )
    return errors


#: Brokers that hand an unacknowledged message out again after a visibility timeout.
VISIBILITY_TIMEOUT_BROKERS = ("redis://", "rediss://", "sqs://", "redis+socket://")
#: Celery's default visibility timeout, in seconds, when none is configured.
DEFAULT_VISIBILITY_TIMEOUT = 3600


@register(Tags.compatibility)
def check_celery_visibility_timeout(app_configs=None, **kwargs):
    """A delayed retry must not outlive the broker's visibility timeout.

    With ``acks_late``, Redis keeps a task unacknowledged from the moment a worker reserves it,
    countdown included. When the countdown plus the task's run time exceeds the visibility
    timeout, Redis hands the task to a second worker. The state transitions keep that from
    sending twice, but every such task runs twice and the log shows it.
    """
    from django.conf import settings

    from .delivery.tasks import DELIVERY_TIME_LIMITS
    from .models.config import ThreepasConfig

    broker = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
    if not broker.startswith(VISIBILITY_TIMEOUT_BROKERS):
        return []
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    timeout = options.get("visibility_timeout", DEFAULT_VISIBILITY_TIMEOUT)
    longest_delay = ThreepasConfig._meta.get_field("retry_backoff_max_seconds").default
    needed = longest_delay + DELIVERY_TIME_LIMITS[1]
    if not isinstance(timeout, int | float) or timeout < needed:
        return [
            Warning(
                f"The broker's visibility timeout ({timeout!r} s) is shorter than the longest "
                f"retry delay plus a delivery's time limit ({needed} s): the broker would hand "
                "delayed deliveries to a second worker.",
                hint=(
                    "Set CELERY_BROKER_TRANSPORT_OPTIONS = {'visibility_timeout': 7200} (or "
                    "more), and keep the longest retry delay in the 3PAS configuration below it."
                ),
                id="zgw_threepas.W001",
            )
        ]
    return []


def _valid_host(value: str) -> bool:
    value = value.strip()
    if "{oin}" in value:
        return value.startswith(("https://", "http://"))
    return bool(value) and not any(char in value for char in "/:@ ?#")


@register(Tags.database)
def check_organisation_connections(app_configs=None, databases=None, **kwargs):
    """Each organisation's 3PAS configuration, as warnings (see the module docstring)."""
    if not databases or not apps.is_installed("zgw_threepas"):
        return []
    from django.db import DatabaseError, connections

    from .delivery.check import ERROR, SYSTEM_CHECK_IDS, WARNING, check_configuration
    from .models import Organisatie

    messages = []
    for alias in databases:
        connection = connections[alias]
        try:
            tables = connection.introspection.table_names()
        except DatabaseError:
            continue
        if Organisatie._meta.db_table not in tables:
            continue  # before the first migrate
        organisaties = Organisatie.objects.using(alias).filter(actief=True)
        try:
            organisaties = list(organisaties.select_related("threepas_service"))
        except DatabaseError:
            continue  # the table is not migrated to this version yet
        for organisatie in organisaties:
            for finding in check_configuration(organisatie):
                if finding.level not in (ERROR, WARNING) or finding.code not in SYSTEM_CHECK_IDS:
                    continue
                messages.append(
                    Warning(
                        f"{organisatie}: {finding.message}",
                        hint=finding.hint or None,
                        obj=organisatie,
                        id=SYSTEM_CHECK_IDS[finding.code],
                    )
                )
    return messages
