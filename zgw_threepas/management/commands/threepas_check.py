"""``manage.py threepas_check``: check each organisation's 3PAS connection, in plain words."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from zgw_threepas.delivery.check import ERROR, INFO, OK, WARNING, check_connection
from zgw_threepas.models import Organisatie

#: The tag in front of each finding, in the language of the findings themselves.
LABELS = {
    ERROR: gettext_lazy("ERROR"),
    WARNING: gettext_lazy("WARNING"),
    INFO: gettext_lazy("INFO"),
    OK: gettext_lazy("OK"),
}


class Command(BaseCommand):
    help = (
        "Check the 3PAS connection of the active organisations (or of one): the "
        "configuration, the certificates and an isAlive call. Exits with status 1 when "
        "anything is wrong, so it can run in monitoring."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            metavar="RSIN",
            help="check only the organisation with this RSIN (also when it is inactive)",
        )
        parser.add_argument(
            "--no-call",
            action="store_true",
            help="check the configuration only; do not call the 3PAS service",
        )

    def handle(self, *args, organisation=None, no_call=False, **options):
        organisaties = Organisatie.objects.select_related(
            "threepas_service__client_certificate", "threepas_service__server_certificate"
        )
        if organisation:
            organisaties = organisaties.filter(rsin=organisation)
            if not organisaties:
                raise CommandError(
                    _("There is no organisation with RSIN %(rsin)s.") % {"rsin": organisation}
                )
        else:
            organisaties = organisaties.filter(actief=True)
            if not organisaties:
                raise CommandError(_("There is no active organisation to check."))

        errors = warnings = 0
        for organisatie in organisaties:
            report = check_connection(organisatie, call=not no_call)
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{organisatie} (RSIN {organisatie.rsin})")
            )
            for finding in report.findings:
                self.stdout.write(f"  {self._label(finding.level)} {finding.message}")
                if finding.hint:
                    self.stdout.write(f"      → {finding.hint}")
            errors += len(report.errors)
            warnings += len(report.warnings)

        summary = _("%(errors)s, %(warnings)s.") % {
            "errors": ngettext("%d error", "%d errors", errors) % errors,
            "warnings": ngettext("%d warning", "%d warnings", warnings) % warnings,
        }
        if errors:
            raise CommandError(
                _("The 3PAS connection check found problems: %(summary)s") % {"summary": summary}
            )
        self.stdout.write(self.style.SUCCESS(_("3PAS connection check passed: %s") % summary))

    def _label(self, level: str) -> str:
        # The messages line up behind the longest tag of the language.
        width = max(len(str(label)) for label in LABELS.values()) + 2
        text = f"[{LABELS[level]}]".ljust(width)
        style = {
            ERROR: self.style.ERROR,
            WARNING: self.style.WARNING,
            OK: self.style.SUCCESS,
        }.get(level)
        return style(text) if style else text
