"""HTTP glue for the Chalice app: routing with permissions, errors, idempotency, OpenAPI."""
