"""Django settings that give zgw-threepas what Open Zaak 1.30 gives a plugin.

Used by ``bin/check-openzaak-env`` in an environment made of exactly Open Zaak 1.30's pins. It
is not Open Zaak itself (that is not on PyPI, and needs PostGIS): it has the third-party apps
Open Zaak installs (from open-api-framework's base settings and Open Zaak's own), the API
settings of commonground-api-common, the ``PLUGINS``/``PLUGIN_DIRS`` mechanism copied from
``openzaak.conf.includes.plugins``, and the settings our installation guide asks for. Left out:
Open Zaak's own apps, GeoDjango and the CMIS adapter, which need Open Zaak's code or system
libraries and touch nothing of ours.
"""

import os
import sys
from importlib import import_module

import structlog
from notifications_api_common.settings import *  # noqa: F403 (Open Zaak does the same)
from vng_api_common.conf.api import *  # noqa: F403 (REST_FRAMEWORK and friends, as Open Zaak)

# As openzaak/conf/includes/api.py: the ZGW APIs (and so the callback view) parse camelCase JSON.
REST_FRAMEWORK = BASE_REST_FRAMEWORK.copy()  # noqa: F405

# -- PLUGINS / PLUGIN_DIRS, as openzaak/conf/includes/plugins.py --------------------------------
_PLUGINS = os.getenv("PLUGINS", "")
PLUGINS = _PLUGINS.split(",") if _PLUGINS else []
_PLUGIN_DIRS = os.getenv("PLUGIN_DIRS", "")
for _path in _PLUGIN_DIRS.split(",") if _PLUGIN_DIRS else []:
    if _path not in sys.path:
        sys.path.append(_path)
PLUGIN_INSTALLED_APPS = []
for _plugin in PLUGINS:
    import_module(_plugin)
    PLUGIN_INSTALLED_APPS.append(_plugin)

SECRET_KEY = "openzaak-env-check-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "openzaak.local"]
SITE_ID = 1
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "nl-nl"

INSTALLED_APPS = [
    # open_api_framework.conf.base
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django_admin_index",
    "ordered_model",
    "django.contrib.admin",
    "axes",
    "django_filters",
    "csp",
    "corsheaders",
    "vng_api_common",
    "notifications_api_common",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework",
    "django_markup",
    "solo",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "two_factor.plugins.webauthn",
    "maykin_2fa",
    "privates",
    "django_jsonform",
    "simple_certmanager",
    "zgw_consumers",
    "mozilla_django_oidc",
    "mozilla_django_oidc_db",
    "log_outgoing_requests",
    "django_setup_configuration",
    "sessionprofile",
    # openzaak.conf.includes.base
    "django_db_logger",
    "vng_api_common.authorizations",
    "vng_api_common.audittrails",
    "vng_api_common.notifications",
    "django_better_admin_arrayfield",
    "django_loose_fk",
    "django_celery_beat",
    *PLUGIN_INSTALLED_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maykin_2fa.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
ROOT_URLCONF = "urls_openzaak"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "zgw_threepas_openzaak_env"),
        "USER": os.environ.get("DB_USER", "postgres"),
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": os.environ.get("DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("DB_PORT", "5432"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Open Zaak names these caches (axes, oidc) besides the default one.
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "axes", "oidc")
}
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/tmp/openzaak-env-media")
PRIVATE_MEDIA_ROOT = os.path.join(MEDIA_ROOT, "private")
PRIVATE_MEDIA_URL = "/private-media/"
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
SENDFILE_URL = PRIVATE_MEDIA_URL
# As open_api_framework.conf.base: django-privates (client certificates) looks its storage up here.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "privates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": PRIVATE_MEDIA_URL},
    },
}

# maykin-2fa / django-two-factor-auth, as open_api_framework.conf.base and Open Zaak set them.
TWO_FACTOR_PATCH_ADMIN = False
TWO_FACTOR_WEBAUTHN_RP_NAME = "Open Zaak - admin"
TWO_FACTOR_WEBAUTHN_AUTHENTICATOR_ATTACHMENT = "cross-platform"
MAYKIN_2FA_ALLOW_MFA_BYPASS_BACKENDS = AUTHENTICATION_BACKENDS
# Open Zaak silences this check for its own upper-case enums, and so for ours.
SILENCED_SYSTEM_CHECKS = ["vng_api_common.enums.W001"]

# mozilla-django-oidc-db and django-admin-index, as open_api_framework.conf.base sets them.
OIDC_AUTHENTICATE_CLASS = "mozilla_django_oidc_db.views.OIDCAuthenticationRequestView"
OIDC_CALLBACK_CLASS = "mozilla_django_oidc_db.views.OIDCCallbackView"
MOZILLA_DJANGO_OIDC_DB_CACHE = "oidc"
MOZILLA_DJANGO_OIDC_DB_CACHE_TIMEOUT = 5 * 60
ADMIN_INDEX_SHOW_REMAINING_APPS_TO_SUPERUSERS = False
ADMIN_INDEX_AUTO_CREATE_APP_GROUP = False

# Celery as Open Zaak configures it; the broker is never reached by the checks.
CELERY_BROKER_URL = "memory://"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# -- Open Zaak's own values of the settings zgw-threepas extends --------------------------------
CELERY_BEAT_SCHEDULE = {
    "daily-remove-imports": {"task": "openzaak.import_data.tasks.remove_imports", "schedule": 3600},
}
SETUP_CONFIGURATION_STEPS = [
    # Open Zaak's steps whose apps are present here
    "django_setup_configuration.contrib.sites.steps.SitesConfigurationStep",
    "zgw_consumers.contrib.setup_configuration.steps.ServiceConfigurationStep",
    "vng_api_common.contrib.setup_configuration.steps.JWTSecretsConfigurationStep",
    "vng_api_common.contrib.setup_configuration.steps.ApplicatieConfigurationStep",
    "notifications_api_common.contrib.setup_configuration.steps.NotificationConfigurationStep",
]

# Logging as open_api_framework.conf.base sets it up with LOG_STDOUT (the Docker image): the
# root logger lets only errors through, the project's logger its LOG_LEVEL; structlog goes
# through the standard library and is rendered as JSON lines.
PROJECT_DIRNAME = "openzaak"
LOG_LEVEL = "INFO"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.processors.JSONRenderer(),
        },
    },
    "handlers": {
        "console": {"level": LOG_LEVEL, "class": "logging.StreamHandler", "formatter": "json"},
    },
    "loggers": {
        "": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        PROJECT_DIRNAME: {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.processors.UnicodeDecoder(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    cache_logger_on_first_use=True,
)

# -- what docs/installation.rst asks an Open Zaak installation to add --------------------------
if "zgw_threepas" in PLUGINS:
    from zgw_threepas.contrib.openzaak.settings import configure

    configure(globals())
