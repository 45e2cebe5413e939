"""The CRM domain: services and items with no knowledge of HTTP, Lambda or where AWS runs."""
