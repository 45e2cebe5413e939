"""Custom fields: admins define fields of their own on customers, contacts, leads, opportunities, cases, orders
and suppliers; every write of such a record validates its `custom` values against the definitions (JSON Schema)."""
