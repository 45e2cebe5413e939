"""Quotes, orders, payments and refunds, invoices, and the customer's order counters."""
