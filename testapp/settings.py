"""Settings of the test and demo project, driven by environment variables.

Defaults are the embedded ones of ``make demo`` (SQLite, tasks run in-process); the test suite
and the worker scenarios set ``DB_ENGINE=postgresql`` and a real broker.
"""

import os
from pathlib import Path

import structlog

BASE_DIR = Path(__file__).resolve().parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, str(default)).lower() in ("1", "true", "yes", "on")


SECRET_KEY = env("SECRET_KEY", "testapp-not-secret")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "solo",
    "privates",
    "simple_certmanager",
    "zgw_consumers",
    "django_setup_configuration",
    "zgw_threepas",
]

# Configuration as code: ``manage.py setup_configuration --yaml-file <file>``.
SETUP_CONFIGURATION_STEPS = [
    "zgw_consumers.contrib.setup_configuration.steps.ServiceConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.ThreepasConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.OrganisatieConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.PublicatieRegelConfigurationStep",
    "zgw_threepas.contrib.setup_configuration.steps.AbonnementConfigurationStep",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "testapp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

WSGI_APPLICATION = "testapp.wsgi.application"

if env("DB_ENGINE", "sqlite") == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("DB_NAME", "zgw_threepas"),
            "USER": env("DB_USER", "postgres"),
            "PASSWORD": env("DB_PASSWORD", ""),
            "HOST": env("DB_HOST", "127.0.0.1"),
            "PORT": env("DB_PORT", "5432"),
            "TEST": {"NAME": env("DB_TEST_NAME", "test_zgw_threepas")},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("DB_NAME", str(BASE_DIR.parent / "demo.sqlite3")),
        }
    }

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("CACHE_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_REDIS_URL"),
    }

LANGUAGE_CODE = env("LANGUAGE_CODE", "nl")
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR.parent / "demo-data" / "static"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR.parent / "demo-data" / "media")))
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR.parent / "demo-data" / "private")))
PRIVATE_MEDIA_URL = "/private-media/"
# django-privates serves private files through django-sendfile2; its checks want both set.
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = str(PRIVATE_MEDIA_ROOT)
SENDFILE_URL = PRIVATE_MEDIA_URL
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Celery: in-process by default; the worker scenarios set a real broker. docs/celery.rst gives
# the reasoning for every value.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A delivery running when the broker connection drops finishes and records its outcome in the
# database; cancelling it mid-request would leave an unknown outcome for a person to resolve.
# (Celery 6 turns this on by default.)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Longer than the longest retry delay (ThreepasConfig.retry_backoff_max_seconds, 3600 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "7200")),
}
CELERY_BEAT_SCHEDULE = {
    "zgw-threepas-sweep": {
        "task": "zgw_threepas.sweep",
        "schedule": float(env("ZGW_THREEPAS_SWEEP_INTERVAL", "60")),
    },
}
# The worker scenarios shrink the time limits ("soft,hard" seconds for every task of the app)
# and the sweep's thresholds from minutes to seconds.
if env("CELERY_TIME_LIMITS"):
    _soft, _hard = (float(value) for value in env("CELERY_TIME_LIMITS").split(","))
    CELERY_TASK_ANNOTATIONS = {
        name: {"soft_time_limit": _soft, "time_limit": _hard}
        for name in (
            "zgw_threepas.process_notification",
            "zgw_threepas.deliver_publication",
            "zgw_threepas.sweep",
        )
    }
if env("ZGW_THREEPAS_SWEEP_AFTER_SECONDS"):
    ZGW_THREEPAS_SWEEP_AFTER_SECONDS = float(env("ZGW_THREEPAS_SWEEP_AFTER_SECONDS"))
if env("ZGW_THREEPAS_SENDING_STALE_SECONDS"):
    ZGW_THREEPAS_SENDING_STALE_SECONDS = float(env("ZGW_THREEPAS_SENDING_STALE_SECONDS"))

# The message log keeps exchanges for ZGW_THREEPAS_MESSAGE_LOG_RETENTION_DAYS; older ones go daily.
CELERY_BEAT_SCHEDULE["zgw-threepas-cleanup-message-log"] = {
    "task": "zgw_threepas.cleanup_message_log",
    "schedule": 24 * 60 * 60.0,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Our events reach the root logger's handler, and only that one: a Celery worker replaces
    # the root's handlers with its own, so each event is printed once there too.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "zgw_threepas": {"level": env("LOG_LEVEL", "WARNING")},
    },
}

# structlog through the standard library, as Open Zaak configures it, so our events obey the
# levels of LOGGING above; rendered as key=value lines instead of Open Zaak's JSON.
structlog.configure(
    processors=[
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.filter_by_level,
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        structlog.processors.KeyValueRenderer(key_order=["event"], sort_keys=True),
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=False,
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Certificates and keys of django-simple-certmanager, outside the public media root.
    "privates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": PRIVATE_MEDIA_URL},
    },
}
