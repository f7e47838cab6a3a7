"""Sphinx configuration. Build with ``make docs`` (warnings are errors)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "testapp.settings")

import django  # noqa: E402

django.setup()

import zgw_threepas  # noqa: E402

project = "zgw-threepas"
author = "The zgw-threepas developers"
copyright = "2026, the zgw-threepas developers"
release = zgw_threepas.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "threepas_docs",
    "templates_docs",
    "logging_docs",
    "django_setup_configuration.documentation.setup_config_example",
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
intersphinx_mapping = {}
templates_path = []
exclude_patterns = ["_build"]
language = "en"
html_theme = "furo"
html_title = "zgw-threepas"
nitpicky = False
