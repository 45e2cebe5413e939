"""Outbound webhooks: subscriptions to the CRM's domain events, delivered signed, retried, logged."""
