"""``manage.py threepas_preview <zaak>``: what the rules would publish for a zaak, sending
nothing."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zgw_threepas.models import PublicatieRegel
from zgw_threepas.rules.preview import PreviewError, collect_zaak, preview


class Command(BaseCommand):
    help = (
        "Show the kennisgeving a publication rule would make of a zaak now: title, text, "
        "metadata and inhoud.xml. Nothing is stored or sent. Without --regel, every active "
        "rule of the zaak's zaaktype is shown."
    )

    def add_arguments(self, parser):
        parser.add_argument("zaak", help="The URL of the zaak, or its identificatie.")
        parser.add_argument(
            "--regel",
            type=int,
            action="append",
            dest="regels",
            help="The id of a publication rule (may be repeated).",
        )
        parser.add_argument(
            "--format",
            choices=("text", "xml", "json"),
            default="text",
            help="text: title, text and metadata (default); xml: inhoud.xml only; "
            "json: everything as JSON.",
        )

    def handle(self, *args, zaak, regels, format, **options):
        try:
            bundle = collect_zaak(zaak)
            rules = self._rules(regels, bundle.zaaktype.get("identificatie", ""))
            results = [preview(bundle, regel) for regel in rules]
        except PreviewError as exc:
            raise CommandError(exc.message) from exc
        if format == "json":
            self.stdout.write(json.dumps([_as_json(r) for r in results], indent=2, default=str))
            return
        for result in results:
            if format == "xml":
                if not result.inhoud_xml:
                    reason = result.reden or (result.skip.message if result.skip else "")
                    raise CommandError(
                        _("Rule %(id)s: %(reason)s") % {"id": result.regel.pk, "reason": reason}
                    )
                self.stdout.write(result.inhoud_xml)
            else:
                self._write_text(result)

    def _rules(self, ids: list[int] | None, zaaktype: str) -> list[PublicatieRegel]:
        if ids:
            rules = list(PublicatieRegel.objects.filter(pk__in=ids).order_by("pk"))
            missing = sorted(set(ids) - {r.pk for r in rules})
            if missing:
                raise CommandError(
                    ngettext(
                        "No publication rule with id %(ids)s.",
                        "No publication rules with ids %(ids)s.",
                        len(missing),
                    )
                    % {"ids": ", ".join(str(i) for i in missing)}
                )
            return rules
        rules = list(PublicatieRegel.objects.for_zaaktype(zaaktype).order_by("pk"))
        if not rules:
            raise CommandError(
                _(
                    "No active publication rule is for the zaaktype %(zaaktype)s of this zaak. "
                    "Give a rule with --regel, or make one in the admin."
                )
                % {"zaaktype": zaaktype}
            )
        return rules

    def _write_text(self, result) -> None:
        write = self.stdout.write
        write("=" * 78)
        write(_("Rule %(id)s: %(regel)s") % {"id": result.regel.pk, "regel": result.regel})
        write(
            _("Zaak: %(zaak)s (%(url)s)")
            % {"zaak": result.zaak_identificatie, "url": result.zaak_url}
        )
        if result.tekst_bron:
            write(_("Text: %(source)s") % {"source": result.tekst_bron.describe()})
        for note in result.notes:
            write(_("Note: %(note)s") % {"note": note})
        if result.skip:
            write(
                self.style.WARNING(_("Not published: %(reason)s") % {"reason": result.skip.message})
            )
        if result.reden:
            write(self.style.ERROR(_("Held: %(reason)s") % {"reason": result.reden}))
        if result.kennisgeving:
            write("-" * 78)
            write(result.kennisgeving.titel)
            write("")
            write(result.kennisgeving.tekst)
            write("-" * 78)
            for key, value in result.metadata.items():
                write(f"{key}: {value}")


def _as_json(result) -> dict:
    return {
        "regel": result.regel.pk,
        "zaak": result.zaak_url,
        "zaak_identificatie": result.zaak_identificatie,
        "tekst_bron": result.tekst_bron.bron if result.tekst_bron else None,
        "notes": result.notes,
        "overgeslagen": result.skip.message if result.skip else None,
        "aangehouden": result.reden or None,
        "titel": result.kennisgeving.titel if result.kennisgeving else None,
        "tekst": result.kennisgeving.tekst if result.kennisgeving else None,
        "metadata": result.metadata,
        "inhoud_xml": result.inhoud_xml or None,
    }
