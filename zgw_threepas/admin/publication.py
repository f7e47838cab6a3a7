"""Publications in the admin: what happened to each kennisgeving, and the three decisions an
administrator can take about one that stopped (send again, cancel, record as published).

Every action goes through :func:`zgw_threepas.delivery.transitions.transition`, so an action
on a publication that moved on in the meantime (a worker delivered it, a colleague cancelled
it) changes nothing and is reported as skipped.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..constants import PublicatieStatus as S
from ..delivery.transitions import EVENTS, NEEDS_ATTENTION, record, sources_of, transition
from ..logging import get_logger
from ..models import Bericht, Publicatie
from ..threepas import contract
from .changelist import ReadOnlyChangeMixin, SafeChangelistMixin

logger = get_logger(__name__)


class BerichtInline(admin.TabularInline):
    model = Bericht
    extra = 0
    can_delete = False
    fields = ("tijdstip", "endpoint", "http_status", "duur_ms", "uitkomst", "link")
    readonly_fields = fields
    verbose_name_plural = _("3PAS messages of this publication")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("message"))
    def link(self, obj):
        url = reverse("admin:zgw_threepas_bericht_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("show"))


class AttentionFilter(admin.SimpleListFilter):
    """The first question of an administrator: what waits for me?"""

    title = _("progress")
    parameter_name = "voortgang"

    def lookups(self, request, model_admin):
        return (
            ("attention", _("Needs attention (held, failed, uncertain)")),
            ("busy", _("In progress (pending, sending, retrying)")),
            ("done", _("Done (published, cancelled)")),
        )

    def queryset(self, request, queryset):
        states = {
            "attention": NEEDS_ATTENTION,
            "busy": {S.pending, S.sending, S.retrying},
            "done": {S.published, S.cancelled},
        }.get(self.value())
        return queryset.filter(status__in=states) if states else queryset


#: States from which a person may record a publication as published: those that wait for a
#: person, and a cancelled one (it may have reached DROP before it was cancelled).
MARKABLE = NEEDS_ATTENTION | {S.cancelled}

#: DROP's format for a dossiernummer is not published (the simulator's is DRP-YYYY-NNNNNN), so
#: only what cannot be part of one is refused: spaces, control and markup characters (the
#: same rule as for DROP's answers, in the contract module).
DOSSIERNUMMER = re.compile(contract.DOSSIERNUMMER_PATTERN)


def validate_dossiernummer(value: str) -> None:
    if not DOSSIERNUMMER.fullmatch(value):
        raise forms.ValidationError(
            gettext(
                "A dossiernummer consists of letters (a-z, A-Z), digits and the characters "
                "- _ . / only, without spaces; copy it exactly as DROP shows it."
            ),
            code="invalid",
        )


class MarkPublishedForm(forms.Form):
    """One dossiernummer per publication: each kennisgeving is its own dossier in DROP."""

    toelichting = forms.CharField(
        label=capfirst(_("note")),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Optional: how you checked, e.g. “found in DROP (ETO) on 3 March”."),
    )

    def __init__(self, *args, publicaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.publicaties = list(publicaties)
        for publicatie in self.publicaties:
            self.fields[self.field_name(publicatie)] = forms.CharField(
                label=str(publicatie),
                max_length=contract.MAX_DOSSIERNUMMER_LENGTH,
                validators=[validate_dossiernummer],
                help_text=publicatie.titel,
            )

    @staticmethod
    def field_name(publicatie: Publicatie) -> str:
        return f"dossiernummer_{publicatie.pk}"

    def dossiernummer_fields(self):
        return [self[self.field_name(p)] for p in self.publicaties]

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        for publicatie in self.publicaties:
            name = self.field_name(publicatie)
            nummer = cleaned.get(name)
            if not nummer:
                continue
            if nummer in seen:
                self.add_error(
                    name, gettext("The same dossiernummer is given for another publication.")
                )
            seen[nummer] = name
            other = (
                Publicatie.objects.filter(dossiernummer=nummer).exclude(pk=publicatie.pk).first()
            )
            if other is not None:
                self.add_error(
                    name,
                    gettext("Publication “%(other)s” already has this dossiernummer.")
                    % {"other": other},
                )
        return cleaned


@admin.register(Publicatie)
class PublicatieAdmin(ReadOnlyChangeMixin, SafeChangelistMixin, admin.ModelAdmin):
    list_display = (
        "zaak_identificatie",
        "publicatietype",
        "publicatieblad",
        "status",
        "organisatie",
        "zaaktype_identificatie",
        "pogingen",
        "volgende_poging",
        "dossiernummer",
        "aangemaakt",
    )
    list_filter = (
        AttentionFilter,
        "status",
        "organisatie",
        "zaaktype_identificatie",
        "publicatietype",
        "publicatieblad",
        "aangemaakt",
        "gepubliceerd",
    )
    search_fields = ("zaak_identificatie", "zaak_url", "dossiernummer", "titel", "uuid")
    date_hierarchy = "aangemaakt"
    inlines = (BerichtInline,)
    actions = ("retry", "cancel", "mark_published")
    readonly_fields = ["tijdlijn", *(f.name for f in Publicatie._meta.fields if f.name != "id")]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "status",
                    "reden",
                    "foutcode",
                    "dossiernummer",
                    "pogingen",
                    "volgende_poging",
                    "gepubliceerd",
                )
            },
        ),
        (_("Timeline"), {"fields": ("tijdlijn",)}),
        (
            _("Zaak"),
            {
                "fields": (
                    "zaak_identificatie",
                    "zaak_url",
                    "zaaktype_identificatie",
                    "besluit_url",
                    "trigger_url",
                    "notificatie",
                    "regel",
                    "organisatie",
                )
            },
        ),
        (
            _("Kennisgeving"),
            {
                "fields": (
                    "publicatietype",
                    "publicatieblad",
                    "publicatiedatum",
                    "titel",
                    "tekst",
                    "inhoud_xml",
                    "metadata",
                )
            },
        ),
        (_("Times"), {"fields": ("uuid", "aangemaakt", "gewijzigd", "verzending_gestart")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The row is what keeps a kennisgeving from being published twice: a deleted one would
        # be made and sent again by the next notification about the zaak. "Cancel" stops one.
        return False

    @admin.display(description=_("timeline"))
    def tijdlijn(self, obj):
        """Every event of the publication in order; ZGW and DROP text is escaped, never markup."""
        if obj is None or obj.pk is None:
            return "-"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(event.tijdstip).strftime("%Y-%m-%d %H:%M:%S"),
                    EVENTS.get(event.soort, event.soort),
                    event.get_status_display() if event.status else "",
                    event.omschrijving,
                )
                for event in obj.gebeurtenissen.order_by("tijdstip", "pk")
            ),
        )
        return format_html(
            '<table class="zgw-threepas-timeline"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
            capfirst(_("time")),
            capfirst(_("event")),
            capfirst(_("state after")),
            capfirst(_("description")),
            rows,
        )

    # --- actions -------------------------------------------------------------------------

    def _intermediate(self, request, queryset, template: str, title, **context):
        return TemplateResponse(
            request,
            f"admin/zgw_threepas/publicatie/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.model._meta,
                "queryset": queryset,
                "action": request.POST.get("action"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "select_across": request.POST.get("select_across", "0"),
                **context,
            },
        )

    @admin.action(
        description=_("Send again (held, failed or uncertain publications)"),
        permissions=["change"],
    )
    def retry(self, request, queryset):
        """Queue again; an *uncertain* publication only after the administrator confirms that
        they looked in DROP, because it may already be there."""
        candidates = list(queryset.filter(status__in=NEEDS_ATTENTION).order_by("pk"))
        skipped_states = _states_outside(queryset, NEEDS_ATTENTION)
        uncertain = [p for p in candidates if p.status == S.uncertain]
        if uncertain and "confirm" not in request.POST:
            return self._intermediate(
                request,
                queryset,
                "confirm_resend.html",
                _("Send uncertain publications again?"),
                uncertain=uncertain,
            )
        from ..delivery.tasks import deliver_publication

        done = 0
        for publicatie in candidates:
            if not publicatie.inhoud_xml and publicatie.notificatie_id:
                # Held before its kennisgeving was written: write it from the zaak as it is
                # now, by processing its notification again (see delivery.planning).
                done += _process_again(
                    publicatie, gettext("Sent again by %(user)s.") % {"user": request.user}
                )
                continue
            if transition(
                publicatie.pk,
                S.pending,
                event="retry-by-administrator",
                description=gettext("Sent again by %(user)s.") % {"user": request.user},
                only_from={publicatie.status},
                pogingen=0,
                volgende_poging=None,
                reden="",
                foutcode="",
            ):
                transaction.on_commit(lambda pk=publicatie.pk: _queue(deliver_publication, pk))
                done += 1
        self._report(
            request,
            done,
            queryset.count(),
            ngettext("%d publication queued again.", "%d publications queued again.", done),
            skipped_states,
        )
        return None

    @admin.action(description=_("Cancel (never send)"), permissions=["change"])
    def cancel(self, request, queryset):
        """Stop publications for good; an *uncertain* one only after the administrator
        confirms, because it may be in DROP already (and then should be recorded as published)."""
        candidates = list(queryset.filter(status__in=sources_of(S.cancelled)).order_by("pk"))
        skipped_states = _states_outside(queryset, sources_of(S.cancelled))
        uncertain = [p for p in candidates if p.status == S.uncertain]
        if uncertain and "confirm" not in request.POST:
            return self._intermediate(
                request,
                queryset,
                "confirm_cancel.html",
                _("Cancel uncertain publications?"),
                uncertain=uncertain,
            )
        done = 0
        for publicatie in candidates:
            description = gettext("Cancelled by %(user)s.") % {"user": request.user}
            if publicatie.status == S.uncertain:
                description = "{} {}".format(
                    description,
                    gettext(
                        "It was not known whether DROP received it; if it turns up in DROP, "
                        "record it as published with its dossiernummer."
                    ),
                )
            done += transition(
                publicatie.pk,
                S.cancelled,
                event="cancelled-by-administrator",
                description=description,
                only_from={publicatie.status},
                # The advice for the state it was in no longer applies: say what happened.
                reden=description,
                foutcode="",
                volgende_poging=None,
            )
        self._report(
            request,
            done,
            queryset.count(),
            ngettext("%d publication cancelled.", "%d publications cancelled.", done),
            skipped_states,
        )

    @admin.action(
        description=_("Record as published in DROP (with its dossiernummer)"),
        permissions=["change"],
    )
    def mark_published(self, request, queryset):
        """For a publication that is in DROP although we could not confirm it (uncertain, or
        cancelled after that), or that was typed into DROP by hand (held, failed or cancelled):
        record its dossiernummer."""
        publicaties = list(queryset.filter(status__in=MARKABLE).order_by("pk"))
        if not publicaties:
            self.message_user(
                request,
                gettext(
                    "Only held, failed, uncertain or cancelled publications can be recorded as "
                    "published."
                ),
                messages.WARNING,
            )
            return None
        form = MarkPublishedForm(
            request.POST if "apply" in request.POST else None, publicaties=publicaties
        )
        if not form.is_bound or not form.is_valid():
            return self._intermediate(
                request,
                queryset,
                "mark_published.html",
                _("Record as published in DROP"),
                form=form,
                skipped=queryset.exclude(pk__in=[p.pk for p in publicaties]),
            )
        note = form.cleaned_data.get("toelichting") or ""
        skipped_states = _states_outside(queryset, MARKABLE)
        done = 0
        for publicatie in publicaties:
            nummer = form.cleaned_data[form.field_name(publicatie)]
            description = gettext(
                "Recorded as published by %(user)s, with DROP dossiernummer %(dossiernummer)s."
            ) % {"user": request.user, "dossiernummer": nummer}
            if note:
                description = f"{description} {note}"
            done += transition(
                publicatie.pk,
                S.published,
                event="marked-published-by-administrator",
                description=description,
                only_from={publicatie.status},
                dossiernummer=nummer,
                reden="",
                foutcode="",
                volgende_poging=None,
                gepubliceerd=timezone.now(),
            )
        self._report(
            request,
            done,
            queryset.count(),
            ngettext(
                "%d publication recorded as published.",
                "%d publications recorded as published.",
                done,
            ),
            skipped_states,
        )
        return None

    def _report(
        self, request, done: int, selected: int, text: str, skipped_states: list[str]
    ) -> None:
        """Say what was done, and why the other selected publications were skipped:
        ``skipped_states`` are the states of those the action cannot start from, read before
        the action (see :func:`_states_outside`)."""
        self.message_user(request, text % done, messages.SUCCESS if done else messages.WARNING)
        if selected <= done:
            return
        skipped = selected - done
        self.message_user(
            request,
            ngettext(
                "%(count)d selected publication was skipped: its state does not allow this "
                "(%(states)s).",
                "%(count)d selected publications were skipped: their states do not allow "
                "this (%(states)s).",
                skipped,
            )
            % {"count": skipped, "states": ", ".join(skipped_states) or "-"},
            messages.WARNING,
        )


def _states_outside(queryset, allowed) -> list[str]:
    """The labels of the states of the selected publications that are not in ``allowed``."""
    statuses = set(queryset.exclude(status__in=allowed).values_list("status", flat=True))
    return sorted(str(S(status).label) for status in statuses if status in S.values)


def _process_again(publicatie: Publicatie, description: str) -> bool:
    """Queue the publication's notification for processing again; whether it was."""
    from ..delivery.notifications import process_again

    with transaction.atomic():
        moved = process_again(publicatie.notificatie_id)
        if moved:
            record(publicatie.pk, "retry-by-administrator", description, publicatie.status)
    return moved


def _queue(task, pk: int) -> None:
    # A broker that is down must not undo the administrator's decision: the publication is
    # pending, and the sweep queues it.
    try:
        task.delay(pk)
    except Exception:  # noqa: BLE001 - any broker failure; the sweep recovers
        logger.exception("publication_queue_failed", publicatie_id=pk)
