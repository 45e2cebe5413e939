"""Privacy: the audit trail of who changed what, and the GDPR export and erasure that ask every context for
its part of a customer's data."""
