"""Products and services, price lists, customer prices and discounts, and the price history analytics reads."""
