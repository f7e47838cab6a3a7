"""Delivery: the only room that changes a publication's state."""
