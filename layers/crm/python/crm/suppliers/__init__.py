"""Supplier relationship management: suppliers, RFQs and offer comparison, purchase orders and deliveries,
scorecards computed from deliveries, risk, and the Kraljic portfolio with key-supplier candidates."""
