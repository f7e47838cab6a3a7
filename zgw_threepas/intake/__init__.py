"""Notification intake: receive, check, store, hand off."""
