"""The Django admin, one module per thing an administrator manages."""

from . import config, message, notification, organisation, publication, rule  # noqa: F401
