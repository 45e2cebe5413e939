"""Orders' part of the GDPR export. Erasure keeps orders, quotes and invoices as they are (with the customer
name printed on them): statutory bookkeeping retention, Art. 17(3)(b); they go when that period ends."""

from __future__ import annotations

from crm.orders.repository import orders_of_customer, quotes_of_customer
from crm.personal_data import DataSubject, PersonalData, record


def personal_data(subject: DataSubject) -> PersonalData:
    orders = orders_of_customer(subject.customer_id, newest_first=False)
    quotes = quotes_of_customer(subject.customer_id)
    return PersonalData(sections={"orders": [record(o) for o in orders], "quotes": [record(q) for q in quotes]})
