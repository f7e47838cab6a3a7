"""The Django admin, one module per thing an administrator manages."""

from . import (  # noqa: F401
    config,
    message,
    notification,
    organisation,
    publication,
    rule,
    sjabloon,
)
