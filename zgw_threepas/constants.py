"""Choices shared by models, rules and the kennisgeving builder.

Only ``TextChoices`` live here. The codes that 3PAS expects on the wire for these values are an
assumption about the contract and live in :mod:`zgw_threepas.threepas.contract`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicatieType(models.TextChoices):
    aanvraag = "aanvraag", _("Aanvraag ontvangen")
    ontwerpbesluit = "ontwerpbesluit", _("Ontwerpbesluit")
    besluit = "besluit", _("Besluit")
    verlenging = "verlenging", _("Verlenging beslistermijn")
    opschorting = "opschorting", _("Opschorting beslistermijn")
    intrekking = "intrekking", _("Intrekking")


class Publicatieblad(models.TextChoices):
    gemeenteblad = "gemeenteblad", _("Gemeenteblad")
    provinciaal_blad = "provinciaal_blad", _("Provinciaal blad")
    waterschapsblad = "waterschapsblad", _("Waterschapsblad")
    blad_gemeenschappelijke_regeling = (
        "blad_gemeenschappelijke_regeling",
        _("Blad gemeenschappelijke regeling"),
    )
    staatscourant = "staatscourant", _("Staatscourant")
    # No medium: DROP only prepares ("klaargezet") the item; a staff member publishes it.
    geen = "geen", _("None (only prepare in DROP)")


class OrganisatieType(models.TextChoices):
    gemeente = "gemeente", _("Gemeente")
    provincie = "provincie", _("Provincie")
    waterschap = "waterschap", _("Waterschap")
    gemeenschappelijke_regeling = "gemeenschappelijke_regeling", _("Gemeenschappelijke regeling")


class Aansluitstap(models.TextChoices):
    """The steps of KOOP's connection procedure (aansluittraject), in the order taken.

    Steps 1 to 3 use KOOP's external test environment (ETO); between steps KOOP checks the
    deliveries. A connection that already went through them may start at production.
    """

    poc = "poc", _("1. Proof of concept (ETO, username and password)")
    tst_koop_cert = "tst_koop_cert", _("2. TST-Aansluit (ETO) with KOOP's certificate")
    tst_own_cert = "tst_own_cert", _("3. TST-Aansluit (ETO) with your own PKIoverheid certificate")
    productie = "productie", _("4. Production")


class ThreepasAuthenticatie(models.TextChoices):
    """How a message proves who sends it, besides a TLS client certificate."""

    none = "none", _("None (only the TLS client certificate, or none)")
    http_basic = "http_basic", _("Username and password: HTTP basic authentication")
    ws_security_username_token = (
        "ws_security_username_token",
        _("Username and password: WS-Security UsernameToken"),
    )


class Rubriek(models.TextChoices):
    omgevingsvergunning = "omgevingsvergunning", _("Omgevingsvergunning")
    omgevingsmelding = "omgevingsmelding", _("Omgevingsmelding")
    evenementenvergunning = "evenementenvergunning", _("Evenementenvergunning")
    exploitatievergunning = "exploitatievergunning", _("Exploitatievergunning")
    andere_vergunning = "andere vergunning", _("Andere vergunning")
    andere_melding = "andere melding", _("Andere melding")
    andere_beschikking = "andere beschikking", _("Andere beschikking")
    verkeersbesluit = "verkeersbesluit", _("Verkeersbesluit")


class Activiteit(models.TextChoices):
    bouwen = "bouwen", _("Bouwen")
    slopen = "slopen", _("Slopen")
    kappen = "kappen", _("Kappen")
    milieu = "milieu", _("Milieu")
    natuur = "natuur", _("Natuur")
    reclame = "reclame", _("Reclame")
    uitweg_en_inrit = "uitweg en inrit", _("Uitweg en inrit")
    brandveilig_gebruik = "brandveilig gebruik", _("Brandveilig gebruik")
    ruimtelijke_ordening = "ruimtelijke ordening", _("Ruimtelijke ordening")


class PublicatiedatumRegel(models.TextChoices):
    """On which day a rule's kennisgeving is published (see :doc:`/metadata`)."""

    direct = "direct", _("Immediately")
    volgende_werkdag = "volgende_werkdag", _("Next working day")
    besluit_publicatiedatum = "besluit_publicatiedatum", _("Publicatiedatum of the besluit")


class PublicatieStatus(models.TextChoices):
    """States of a publication; :mod:`zgw_threepas.delivery.transitions` says which follow which."""

    pending = "pending", _("Waiting to be sent")
    sending = "sending", _("Being sent")
    retrying = "retrying", _("Retrying")
    published = "published", _("Delivered to DROP")
    held = "held", _("Held")
    failed = "failed", _("Failed")
    uncertain = "uncertain", _("Uncertain: check in DROP")
    cancelled = "cancelled", _("Cancelled")


class BerichtUitkomst(models.TextChoices):
    """How one exchange with 3PAS ended (see :mod:`zgw_threepas.threepas.errors`)."""

    success = "success", _("Succeeded")
    transient = "transient", _("Temporary error: did not arrive")
    permanent = "permanent", _("Refused")
    ambiguous = "ambiguous", _("Unknown whether it arrived")


class NotificatieStatus(models.TextChoices):
    received = "received", _("Received")
    processed = "processed", _("Processed")
    ignored = "ignored", _("Ignored")
    failed = "failed", _("Failed")


class Trigger(models.TextChoices):
    status = "status", _("Status reached")
    besluit = "besluit", _("Besluit taken")
    resultaat = "resultaat", _("Resultaat set")


class Procedure(models.TextChoices):
    """The preparation procedure of a decision; it chooses the built-in text's wording."""

    regulier = "regulier", _("Regular procedure")
    uitgebreid = "uitgebreid", _("Extended procedure")


class Vertrouwelijkheidaanduiding(models.TextChoices):
    """The ZGW levels of confidentiality, from open to most secret (the order matters)."""

    openbaar = "openbaar", _("Openbaar")
    beperkt_openbaar = "beperkt_openbaar", _("Beperkt openbaar")
    intern = "intern", _("Intern")
    zaakvertrouwelijk = "zaakvertrouwelijk", _("Zaakvertrouwelijk")
    vertrouwelijk = "vertrouwelijk", _("Vertrouwelijk")
    confidentieel = "confidentieel", _("Confidentieel")
    geheim = "geheim", _("Geheim")
    zeer_geheim = "zeer_geheim", _("Zeer geheim")
