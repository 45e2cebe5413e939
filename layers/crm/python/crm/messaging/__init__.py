"""Messaging: email and SMS both ways, templates, suppression, newsletters with double opt-in and one-click
unsubscribe, campaigns with honest tracking."""
