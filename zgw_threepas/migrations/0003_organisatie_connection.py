from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("zgw_threepas", "0002_threepasconfig_subscription"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisatie",
            name="aansluitstap",
            field=models.CharField(
                choices=[
                    ("poc", "1. Proof of concept (ETO, gebruikersnaam en wachtwoord)"),
                    ("tst_koop_cert", "2. TST-Aansluit (ETO) met het certificaat van KOOP"),
                    (
                        "tst_own_cert",
                        "3. TST-Aansluit (ETO) met het eigen PKIoverheid-certificaat",
                    ),
                    ("productie", "4. Productie"),
                ],
                default="productie",
                help_text=(
                    "Where this organisation is in KOOP's connection procedure. It chooses "
                    "the endpoint preset and what the connection check expects; test "
                    "kennisgevingen are only sent at steps 1 to 3."
                ),
                max_length=20,
                verbose_name="connection step",
            ),
        ),
        migrations.AddField(
            model_name="organisatie",
            name="authenticatie",
            field=models.CharField(
                choices=[
                    ("none", "Geen (alleen het TLS-clientcertificaat, of geen)"),
                    ("http_basic", "Gebruikersnaam en wachtwoord: HTTP basic authentication"),
                    (
                        "ws_security_username_token",
                        "Gebruikersnaam en wachtwoord: WS-Security UsernameToken",
                    ),
                ],
                default="none",
                help_text=(
                    "Step 1 (proof of concept) uses a username and password instead of a "
                    "certificate. KOOP does not publish how the proof-of-concept endpoint "
                    "expects them: try HTTP basic first, and the WS-Security UsernameToken "
                    "if it is refused."
                ),
                max_length=40,
                verbose_name="username authentication",
            ),
        ),
        migrations.AddField(
            model_name="organisatie",
            name="gebruikersnaam",
            field=models.CharField(
                blank=True,
                help_text="The username KOOP's service desk gave for the proof-of-concept step.",
                max_length=200,
                verbose_name="username",
            ),
        ),
        migrations.AddField(
            model_name="organisatie",
            name="wachtwoord",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Stored as entered, like the secrets of the services; never shown again "
                    "and never written to the message log."
                ),
                max_length=200,
                verbose_name="password",
            ),
        ),
    ]
