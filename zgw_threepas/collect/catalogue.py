"""A cache for catalogue resources, which rarely change.

Zaaktypen, statustypen, resultaattypen and besluittypen are immutable once published: a change
makes a new version with a new URL. Caching them by URL is therefore safe for a long time;
the lifetime is :attr:`ThreepasConfig.catalogue_cache_seconds`.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.cache import caches

from ..settings import get_setting

if TYPE_CHECKING:
    from .fetch import ZGWFetcher

PREFIX = "zgw_threepas:catalogus:"


class CatalogueCache:
    def __init__(self, fetcher: ZGWFetcher, timeout: int | None = None):
        self.fetcher = fetcher
        self._timeout = timeout

    @property
    def timeout(self) -> int:
        if self._timeout is None:
            from ..models import ThreepasConfig

            self._timeout = ThreepasConfig.get_solo().catalogue_cache_seconds
        return self._timeout

    @staticmethod
    def _key(url: str) -> str:
        return PREFIX + hashlib.sha256(url.encode()).hexdigest()

    def get(self, url: str) -> dict:
        cache = caches[get_setting("ZGW_THREEPAS_CACHE_ALIAS")]
        key = self._key(url)
        resource = cache.get(key)
        if resource is None:
            resource = self.fetcher.get(url)
            cache.set(key, resource, self.timeout)
        return resource

    def put(self, resource: dict) -> None:
        """Keep a resource that arrived by other means (``expand``) for later lookups."""
        cache = caches[get_setting("ZGW_THREEPAS_CACHE_ALIAS")]
        cache.set(self._key(resource["url"]), resource, self.timeout)
