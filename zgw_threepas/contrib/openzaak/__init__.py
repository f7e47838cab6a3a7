"""Running inside Open Zaak: its notification callbacks feed our intake.

Needs the ``openzaak`` extra (commonground-api-common and notifications-api-common, which Open
Zaak has already).
"""
