"""Integrations with the hosts and tools around zgw-threepas; each one is optional."""
