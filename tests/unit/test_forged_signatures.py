"""A forged IVR verification attribute with non-ASCII text is simply not verified (compare_digest would raise)."""

from __future__ import annotations

from crm.contact_centre.ivr import verified_customer


def test_a_non_ascii_ivr_signature_is_not_verified_and_does_not_raise():
    assert verified_customer("contact-1", {"crm_verified": "cust-1", "crm_sig": "é" * 32}) is None
    assert verified_customer("contact-1", {"crm_sig": "abc"}) is None
