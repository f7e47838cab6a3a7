"""Collecting ZGW data: the only room that talks to the ZGW APIs."""
