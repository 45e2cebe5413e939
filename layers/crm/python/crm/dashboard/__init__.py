"""The managers' dashboard: the analytical CRM's latest figures as the report job keeps them."""
