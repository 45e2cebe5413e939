"""Customers (companies and persons), their contacts, identifiers for duplicate checks, tags and merges."""
