"""Choosing which publications an event asks for."""
