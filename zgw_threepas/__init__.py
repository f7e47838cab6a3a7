"""Publish kennisgevingen from ZGW zaken to DROP through KOOP's 3PAS."""

__version__ = "0.1.0"
