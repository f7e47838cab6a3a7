"""Configuration as code with django-setup-configuration (the ``setup-configuration`` extra).

Add the steps of :mod:`.steps` to ``SETUP_CONFIGURATION_STEPS`` and run
``manage.py setup_configuration --yaml-file <file>``; see ``docs/configuration-as-code.rst``.
"""
