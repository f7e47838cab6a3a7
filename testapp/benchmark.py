"""``make benchmark``: what collecting a publication's ZGW data costs.

Runs the collection step against the fake ZGW API over real HTTP with a configurable latency
per request (default 20 ms, a typical intra-datacentre round trip to Open Zaak), and reports
the requests made and the time taken per publication, with a cold and a warm catalogue cache,
for an aanvraag (status trigger) and a besluit (besluit trigger) kennisgeving. It also shows
what the same data would cost without ``expand`` and without the cache, counted from the
resources involved.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testapp.settings")
os.environ["DB_ENGINE"] = "sqlite"
os.environ["DB_NAME"] = str(Path(tempfile.mkdtemp(prefix="threepas-bench-")) / "bench.sqlite3")
os.environ["CELERY_BROKER_URL"] = "memory://"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from zgw_consumers.constants import APITypes, AuthTypes
    from zgw_consumers.models import Service

    from testapp.fake_zgw import fixtures
    from testapp.fake_zgw.server import start_in_thread, stop
    from zgw_threepas.collect.fetch import ZGWFetcher, add_besluiten, collect_zaak_bundle

    call_command("migrate", verbosity=0)
    server, app, base = start_in_thread(latency_seconds=args.latency_ms / 1000)
    for slug, api_type, path in (
        ("zaken", APITypes.zrc, "/zaken/api/v1/"),
        ("catalogi", APITypes.ztc, "/catalogi/api/v1/"),
        ("besluiten", APITypes.brc, "/besluiten/api/v1/"),
    ):
        Service.objects.create(
            label=slug,
            slug=slug,
            api_type=api_type,
            api_root=base + path,
            auth_type=AuthTypes.zgw,
            client_id="bench",
            secret="benchmark-secret-of-at-least-32-bytes!",
        )
    zaak_url = fixtures.load("zaak", base)["url"]
    status_url = fixtures.load("status_aanvraag_ontvangen", base)["url"]
    besluit_url = fixtures.load("besluit", base)["url"]

    def aanvraag():
        fetcher = ZGWFetcher()
        collect_zaak_bundle(zaak_url, status_url=status_url, fetcher=fetcher)
        return fetcher.calls

    def besluit():
        fetcher = ZGWFetcher()
        besluit = fetcher.besluit(besluit_url)
        fetcher.catalogue.get(besluit["besluittype"])
        bundle = collect_zaak_bundle(zaak_url, fetcher=fetcher)
        add_besluiten(bundle, fetcher, besluit=besluit)
        return fetcher.calls

    print(f"Fake ZGW API latency {args.latency_ms:.0f} ms per request, {args.rounds} rounds\n")
    print(f"{'publication':<12} {'cache':<6} {'requests':>8} {'median ms':>10} {'p90 ms':>8}")
    try:
        for name, run in (("aanvraag", aanvraag), ("besluit", besluit)):
            for warm in (False, True):
                timings, calls = [], set()
                for _ in range(args.rounds):
                    if not warm:
                        cache.clear()
                    start = time.perf_counter()
                    calls.add(run())
                    timings.append((time.perf_counter() - start) * 1000)
                timings.sort()
                p90 = timings[int(len(timings) * 0.9) - 1]
                print(
                    f"{name:<12} {'warm' if warm else 'cold':<6} {'/'.join(map(str, sorted(calls))):>8} "
                    f"{statistics.median(timings):>10.1f} {p90:>8.1f}"
                )
    finally:
        stop(server)
    print(
        "\nWithout expand and cache an aanvraag would need 5 requests (zaak, status, statustype,"
        "\nzaaktype, zaakobjecten) and a besluit 7 (besluit, besluittype, zaak, status,"
        "\nstatustype, zaaktype, zaakobjecten)."
    )


if __name__ == "__main__":
    main()
