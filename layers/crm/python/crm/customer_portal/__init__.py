"""The customer portal: a signed-in customer's own orders and invoices, cases, subscriptions, consent and data."""
