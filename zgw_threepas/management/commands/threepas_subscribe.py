"""``manage.py threepas_subscribe``: register, check or renew the abonnement at the Notificaties
API, so that notifications of kanalen ``zaken`` and ``besluiten`` reach us."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from ...intake.subscription import DEFAULT_KANALEN, SubscriptionError, check, subscribe


def parse_filter(value: str) -> tuple[str, str, str]:
    """``zaken:bronorganisatie=002220647`` -> ``("zaken", "bronorganisatie", "002220647")``."""
    kanaal, _, rest = value.partition(":")
    key, _, filter_value = rest.partition("=")
    if not (kanaal and key and filter_value):
        raise CommandError(
            gettext("--filter %(value)s: expected KANAAL:KENMERK=WAARDE.") % {"value": repr(value)}
        )
    if kanaal not in DEFAULT_KANALEN:
        raise CommandError(
            gettext("--filter %(value)s: kanaal must be one of %(kanalen)s.")
            % {"value": repr(value), "kanalen": ", ".join(DEFAULT_KANALEN)}
        )
    return kanaal, key, filter_value


class Command(BaseCommand):
    help = (
        "Register the abonnement for kanalen zaken and besluiten at the Notificaties API, with "
        "the callback URL and the webhook authorization of the 3PAS configuration. Running it "
        "again changes nothing while the abonnement is in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--callback-url",
            default="",
            help="Where the Notificaties API posts notifications (default: the callback URL "
            "of the 3PAS configuration).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--check",
            action="store_true",
            help="Only report what is registered; change nothing. Exits 1 when the "
            "abonnement is missing or incomplete.",
        )
        mode.add_argument(
            "--renew",
            action="store_true",
            help="Send the abonnement again even when it exists, e.g. after the webhook "
            "authorization was changed (the Notificaties API never shows the one it has).",
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KANAAL:KENMERK=WAARDE",
            help="Only receive notifications of a kanaal whose kenmerk has this value, e.g. "
            "zaken:bronorganisatie=002220647. Repeatable.",
        )

    def handle(self, *args, **options):
        kanalen = {naam: {} for naam in DEFAULT_KANALEN}
        for value in options["filter"]:
            kanaal, key, filter_value = parse_filter(value)
            kanalen[kanaal][key] = filter_value
        try:
            if options["check"]:
                report = check(callback_url=options["callback_url"], kanalen=kanalen)
            else:
                report = subscribe(
                    callback_url=options["callback_url"],
                    kanalen=kanalen,
                    renew=options["renew"],
                )
        except SubscriptionError as exc:
            raise CommandError(exc.user_message()) from exc
        style = self.style.SUCCESS if report.ok else self.style.WARNING
        for line in report.lines():
            self.stdout.write(style(line))
        if options["check"] and not report.ok:
            raise CommandError(gettext("The abonnement is missing or incomplete."), returncode=1)
