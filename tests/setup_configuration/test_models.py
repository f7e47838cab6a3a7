"""Everything an administrator can set in the admin can be set as code, under the same name."""

import pytest

from zgw_threepas.contrib.setup_configuration.models import (
    OrganisatieConfigurationItem,
    PublicatieRegelConfigurationItem,
    SjabloonConfigurationItem,
    ThreepasConfigurationModel,
    VrijedagConfigurationItem,
)
from zgw_threepas.models import Organisatie, PublicatieRegel, Sjabloon, ThreepasConfig, Vrijedag


@pytest.mark.parametrize(
    "model, config_model",
    [
        (ThreepasConfig, ThreepasConfigurationModel),
        (Organisatie, OrganisatieConfigurationItem),
        (PublicatieRegel, PublicatieRegelConfigurationItem),
        (Vrijedag, VrijedagConfigurationItem),
        (Sjabloon, SjabloonConfigurationItem),
    ],
)
def test_every_editable_field_is_configurable(model, config_model):
    editable = {
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and field.editable and not field.primary_key
    }
    configurable = set(config_model.model_fields)

    # A foreign key to a service is given by the service's identifier; a day off or default
    # text belongs to the organisation it is listed under.
    missing = {
        name
        for name in editable
        if name not in configurable
        and f"{name}_identifier" not in configurable
        and name != "organisatie"
    }
    assert missing == set()


def test_a_field_keeps_the_help_text_of_the_admin():
    field = OrganisatieConfigurationItem.model_fields["rsin"]

    assert field.description == str(Organisatie._meta.get_field("rsin").help_text)
    assert field.is_required()
