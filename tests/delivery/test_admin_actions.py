"""What an administrator can do about a publication that stopped, through the admin pages."""

from __future__ import annotations

from html import unescape

from django.urls import reverse

import pytest

from tests.delivery.conftest import delivered, inject, received
from zgw_threepas.constants import NotificatieStatus as N
from zgw_threepas.constants import PublicatieStatus as S
from zgw_threepas.delivery.send import deliver
from zgw_threepas.delivery.transitions import transition
from zgw_threepas.models import OntvangenNotificatie, Publicatie

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CHANGELIST = "admin:zgw_threepas_publicatie_changelist"


def act(client, action: str, pks, **extra):
    """Post an action as the change list does (first step) or as its own page does (next)."""
    data = {"action": action, "_selected_action": [str(pk) for pk in pks], **extra}
    return client.post(reverse(CHANGELIST), data, follow=True)


@pytest.fixture
def uncertain(planned, simulator):
    inject(simulator, "drop")  # DROP made the dossier; the answer never came
    assert deliver(planned.pk).status == S.uncertain
    planned.refresh_from_db()
    return planned


def test_recording_as_published_asks_for_the_dossiernummer(admin_client, uncertain, simulator):
    (dossier,) = delivered(simulator, uncertain)

    page = act(admin_client, "mark_published", [uncertain.pk], index=0)
    assert page.status_code == 200
    assert f'name="dossiernummer_{uncertain.pk}"' in page.text
    uncertain.refresh_from_db()
    assert uncertain.status == S.uncertain  # nothing changes before the form is sent

    act(
        admin_client,
        "mark_published",
        [uncertain.pk],
        apply="1",
        **{f"dossiernummer_{uncertain.pk}": dossier["dossiernummer"], "toelichting": "In ETO."},
    )

    uncertain.refresh_from_db()
    assert (uncertain.status, uncertain.dossiernummer) == (S.published, dossier["dossiernummer"])
    line = uncertain.gebeurtenissen.get(soort="marked-published-by-administrator")
    assert dossier["dossiernummer"] in line.omschrijving and "In ETO." in line.omschrijving
    assert len(received(simulator, uncertain)) == 1  # recorded, not sent


def test_a_dossiernummer_is_required_and_unique(admin_client, uncertain):
    Publicatie.objects.create(
        zaak_url="http://openzaak.local/zaken/api/v1/zaken/other",
        publicatietype=uncertain.publicatietype,
        publicatieblad=uncertain.publicatieblad,
        status=S.published,
        dossiernummer="DRP-2026-000777",
    )
    field = f"dossiernummer_{uncertain.pk}"

    empty = act(admin_client, "mark_published", [uncertain.pk], apply="1", **{field: ""})
    taken = act(
        admin_client, "mark_published", [uncertain.pk], apply="1", **{field: "DRP-2026-000777"}
    )

    assert "This field is required" in empty.text or "Dit veld is verplicht" in empty.text
    assert "already has this dossiernummer" in taken.text
    uncertain.refresh_from_db()
    assert uncertain.status == S.uncertain


def test_sending_an_uncertain_publication_again_needs_a_confirmation(
    admin_client, uncertain, simulator, django_capture_on_commit_callbacks
):
    page = act(admin_client, "retry", [uncertain.pk], index=0)
    assert "I checked DROP" in page.text
    assert uncertain.kenmerk in page.text
    uncertain.refresh_from_db()
    assert uncertain.status == S.uncertain

    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, "retry", [uncertain.pk], apply="1", confirm="1")

    uncertain.refresh_from_db()
    assert uncertain.status == S.published  # the eager task ran after commit
    assert uncertain.pogingen == 1  # counted afresh after the administrator's decision
    kinds = list(uncertain.gebeurtenissen.values_list("soort", flat=True))
    assert kinds[-3:] == ["retry-by-administrator", "attempt", "published"]


def test_a_failed_publication_is_sent_again_without_questions(
    admin_client, planned, simulator, django_capture_on_commit_callbacks
):
    inject(simulator, "fault", code="DRP-ORGANISATIE")
    assert deliver(planned.pk).status == S.failed

    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, "retry", [planned.pk], index=0)

    planned.refresh_from_db()
    assert planned.status == S.published
    assert len(delivered(simulator, planned)) == 1


def test_actions_skip_publications_whose_state_does_not_allow_them(admin_client, planned):
    deliver(planned.pk)  # published

    page = act(admin_client, "cancel", [planned.pk], index=0)

    planned.refresh_from_db()
    assert planned.status == S.published
    assert (
        f"1 selected publication was skipped: its state does not allow this "
        f"({S.published.label})." in unescape(page.text)
    )


def test_the_timeline_reads_in_order_and_escapes_what_came_from_outside(admin_client, planned):
    transition(
        planned.pk,
        S.cancelled,
        event="cancelled-by-administrator",
        description='<script>alert("x")</script>',
    )

    page = admin_client.get(reverse("admin:zgw_threepas_publicatie_change", args=[planned.pk]))

    assert page.status_code == 200
    assert '<script>alert("x")</script>' not in page.text
    assert "&lt;script&gt;" in page.text
    table = page.text[page.text.index("zgw-threepas-timeline") :]
    assert table.index("Notification received") < table.index("Kennisgeving written")
    assert table.index("Kennisgeving written") < table.index("Cancelled by an administrator")


def test_the_list_filters_what_needs_attention(admin_client, planned, uncertain):
    other = Publicatie.objects.create(
        zaak_url="http://openzaak.local/zaken/api/v1/zaken/other",
        zaak_identificatie="ZAAK-OTHER",
        publicatietype=planned.publicatietype,
        publicatieblad=planned.publicatieblad,
        status=S.published,
    )
    Publicatie.objects.filter(pk=other.pk).update(
        aangemaakt=uncertain.aangemaakt.replace(year=2024)
    )

    page = admin_client.get(reverse(CHANGELIST), {"voortgang": "attention"})

    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == [uncertain]
    assert other not in page.context["cl"].queryset
    for lookup in (
        {"status__exact": S.uncertain},
        {"organisatie__id__exact": uncertain.organisatie_id},
        {"zaaktype_identificatie": uncertain.zaaktype_identificatie},
        {"aangemaakt__year": str(uncertain.aangemaakt.year)},
    ):
        filtered = admin_client.get(reverse(CHANGELIST), lookup)
        assert uncertain in filtered.context["cl"].queryset, lookup
        assert other not in filtered.context["cl"].queryset, lookup


def test_a_failed_notification_can_be_processed_again(
    admin_client, pipeline, monkeypatch, django_capture_on_commit_callbacks
):
    from testapp.fake_zgw import fixtures
    from tests.delivery.conftest import store_notification

    stored = store_notification(
        fixtures.notification("status_create", pipeline["zgw_base"]), monkeypatch
    )
    OntvangenNotificatie.objects.filter(pk=stored.pk).update(
        status=N.failed, reden="The ZGW API could not be reached", pogingen=8
    )

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:zgw_threepas_ontvangennotificatie_changelist"),
            {"action": "process_again", "_selected_action": [str(stored.pk)], "index": 0},
        )

    stored.refresh_from_db()
    assert stored.status == N.processed
    assert Publicatie.objects.get().status == S.published


def test_a_published_kennisgeving_cannot_be_deleted_and_so_not_sent_again(
    admin_client, planned, simulator
):
    """Deleting the record would let the next notification about the zaak publish it again."""
    assert deliver(planned.pk).status == S.published
    notificatie = OntvangenNotificatie.objects.get()
    bericht = planned.berichten.get()
    pages = {
        "publication": reverse("admin:zgw_threepas_publicatie_delete", args=[planned.pk]),
        "notification": reverse(
            "admin:zgw_threepas_ontvangennotificatie_delete", args=[notificatie.pk]
        ),
        "message": reverse("admin:zgw_threepas_bericht_delete", args=[bericht.pk]),
    }

    for page in pages.values():
        assert admin_client.get(page).status_code == 403
        assert admin_client.post(page, {"post": "yes"}).status_code == 403
    bulk = act(admin_client, "delete_selected", [planned.pk], post="yes")
    listing = admin_client.get(reverse(CHANGELIST))

    actions = [name for name, _label in listing.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions and "retry" in actions
    assert bulk.status_code == 200
    assert Publicatie.objects.filter(pk=planned.pk, status=S.published).exists()
    assert OntvangenNotificatie.objects.filter(pk=notificatie.pk).exists()
    assert planned.berichten.filter(pk=bericht.pk).exists()


def test_cancelling_an_uncertain_publication_needs_a_confirmation(admin_client, uncertain):
    page = act(admin_client, "cancel", [uncertain.pk], index=0)

    assert page.status_code == 200
    assert "I checked DROP: cancel them" in page.text
    assert "Record as published in DROP" in page.text
    assert uncertain.kenmerk in page.text
    uncertain.refresh_from_db()
    assert uncertain.status == S.uncertain  # nothing changes before the confirmation

    act(admin_client, "cancel", [uncertain.pk], apply="1", confirm="1")

    uncertain.refresh_from_db()
    assert uncertain.status == S.cancelled
    # The advice for an uncertain publication is gone; what happened and what is left is said.
    assert "record its dossier number here" not in uncertain.reden
    assert uncertain.reden.startswith("Cancelled by admin.")
    assert "record it as published" in uncertain.reden
    line = uncertain.gebeurtenissen.get(soort="cancelled-by-administrator")
    assert line.omschrijving == uncertain.reden
    change = admin_client.get(reverse("admin:zgw_threepas_publicatie_change", args=[uncertain.pk]))
    reason = change.text[change.text.index("field-reden") : change.text.index("field-foutcode")]
    assert "record its dossier number here" not in reason  # the timeline keeps the history
    assert "Cancelled by admin." in reason


def test_a_held_publication_is_cancelled_without_questions(admin_client, planned):
    from zgw_threepas.delivery.transitions import transition as move

    assert move(planned.pk, S.held, event="held", reden="No organisation")

    act(admin_client, "cancel", [planned.pk], index=0)

    planned.refresh_from_db()
    assert planned.status == S.cancelled
    assert planned.reden.startswith("Cancelled by admin.")


def test_a_cancelled_publication_found_in_drop_is_recorded_as_published(
    admin_client, uncertain, simulator
):
    (dossier,) = delivered(simulator, uncertain)
    act(admin_client, "cancel", [uncertain.pk], apply="1", confirm="1")
    uncertain.refresh_from_db()
    assert uncertain.status == S.cancelled

    page = act(admin_client, "mark_published", [uncertain.pk], index=0)
    assert f'name="dossiernummer_{uncertain.pk}"' in page.text
    act(
        admin_client,
        "mark_published",
        [uncertain.pk],
        apply="1",
        **{f"dossiernummer_{uncertain.pk}": dossier["dossiernummer"]},
    )

    uncertain.refresh_from_db()
    assert (uncertain.status, uncertain.dossiernummer) == (S.published, dossier["dossiernummer"])
    assert uncertain.reden == ""
    assert len(received(simulator, uncertain)) == 1  # recorded, not sent


def test_a_cancelled_publication_is_never_sent_again(admin_client, planned):
    act(admin_client, "cancel", [planned.pk], index=0)

    page = act(admin_client, "retry", [planned.pk], index=0)

    planned.refresh_from_db()
    assert planned.status == S.cancelled
    assert (
        f"1 selected publication was skipped: its state does not allow this ({S.cancelled.label})."
        in unescape(page.text)
    )


@pytest.mark.parametrize(
    "nummer",
    [
        "<script>alert(1)</script>",
        "DRP-2026 000001",
        "DRP-2026-\n000001",
        "DRP-2026-\x07000001",
        "DRP-2026-\u200b000001",  # zero-width space
        "DRP\u20132026\u2013000001",  # en dashes
        "DRP-2026-000001;DROP",
    ],
)
def test_a_dossiernummer_with_spaces_control_or_markup_characters_is_refused(
    admin_client, uncertain, nummer
):
    page = act(
        admin_client,
        "mark_published",
        [uncertain.pk],
        apply="1",
        **{f"dossiernummer_{uncertain.pk}": nummer},
    )

    assert "A dossiernummer consists of letters" in page.text
    uncertain.refresh_from_db()
    assert (uncertain.status, uncertain.dossiernummer) == (S.uncertain, "")


@pytest.mark.parametrize("nummer", ["DRP-2026-000123", "gmb/2026_12.3", "A1"])
def test_a_dossiernummer_in_another_format_is_accepted(admin_client, uncertain, nummer):
    act(
        admin_client,
        "mark_published",
        [uncertain.pk],
        apply="1",
        **{f"dossiernummer_{uncertain.pk}": nummer},
    )

    uncertain.refresh_from_db()
    assert (uncertain.status, uncertain.dossiernummer) == (S.published, nummer)


def test_record_pages_are_views_without_save_buttons(admin_client, planned, simulator):
    assert deliver(planned.pk).status == S.published
    notificatie = OntvangenNotificatie.objects.get()
    bericht = planned.berichten.get()
    pages = [
        reverse("admin:zgw_threepas_publicatie_change", args=[planned.pk]),
        reverse("admin:zgw_threepas_ontvangennotificatie_change", args=[notificatie.pk]),
        reverse("admin:zgw_threepas_bericht_change", args=[bericht.pk]),
    ]
    for url in pages:
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert 'name="_save"' not in page.text, url
        assert 'name="_continue"' not in page.text, url
        assert 'type="submit"' not in page.text.split('id="content-main"')[1], url

    response = admin_client.post(
        pages[0], {"status": S.pending, "dossiernummer": "X", "_save": "Save"}, follow=True
    )

    assert response.status_code == 403
    assert "met succes gewijzigd" not in response.text and "successfully" not in response.text
    planned.refresh_from_db()
    assert (planned.status, planned.dossiernummer) != (S.pending, "X")
    assert planned.status == S.published
    # The actions still work on the list.
    listing = admin_client.get(reverse(CHANGELIST))
    actions = [name for name, _label in listing.context["action_form"].fields["action"].choices]
    assert {"retry", "cancel", "mark_published"} <= set(actions)


@pytest.mark.parametrize(
    "changelist, lookup",
    [
        (CHANGELIST, "aangemaakt__year"),
        ("admin:zgw_threepas_bericht_changelist", "tijdstip__year"),
        ("admin:zgw_threepas_ontvangennotificatie_changelist", "ontvangen__year"),
    ],
)
def test_a_year_out_of_range_in_a_list_is_an_invalid_lookup_not_a_server_error(
    admin_client, planned, changelist, lookup
):
    url = reverse(changelist)

    response = admin_client.get(url, {lookup: "99999999999999999999"})

    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"
    assert admin_client.get(url, {lookup: "2026"}).status_code == 200
