"""A reproducible demo data set: companies and persons in eight countries and languages, with contacts,
owners, tags, consent and a few timeline entries each. Seeding again adds nothing (upsert by external id)."""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import phonenumbers

from crm.customers import repository, schemas, service
from crm.customers.models import Contact, Customer
from crm.customers.timeline import new_entry
from crm.db import CrmItem

COUNTRIES = {
    # code: (language, cities with coordinates)
    "DE": ("de", [("Berlin", 52.52, 13.405), ("Hamburg", 53.551, 9.993), ("München", 48.137, 11.575)]),
    "FR": ("fr", [("Paris", 48.857, 2.352), ("Lyon", 45.764, 4.836), ("Marseille", 43.296, 5.37)]),
    "GB": ("en", [("London", 51.507, -0.128), ("Manchester", 53.481, -2.243), ("Leeds", 53.8, -1.549)]),
    "US": ("en", [("New York", 40.713, -74.006), ("Chicago", 41.878, -87.63), ("Austin", 30.267, -97.743)]),
    "ES": ("es", [("Madrid", 40.417, -3.704), ("Barcelona", 41.385, 2.173), ("Valencia", 39.47, -0.376)]),
    "IT": ("it", [("Milano", 45.464, 9.19), ("Roma", 41.903, 12.496), ("Torino", 45.07, 7.687)]),
    "PL": ("pl", [("Warszawa", 52.23, 21.012), ("Kraków", 50.065, 19.945), ("Gdańsk", 54.352, 18.646)]),
    "NL": ("nl", [("Amsterdam", 52.368, 4.904), ("Rotterdam", 51.924, 4.478), ("Utrecht", 52.091, 5.122)]),
}
FIRST = {
    "de": ["Anna", "Lukas", "Marie", "Jonas", "Lea", "Felix"],
    "fr": ["Camille", "Louis", "Chloé", "Hugo", "Léa"],
    "en": ["Olivia", "James", "Emma", "Noah", "Amelia", "Liam"],
    "es": ["Lucía", "Hugo", "Martina", "Mateo"],
    "it": ["Giulia", "Leonardo", "Sofia", "Francesco"],
    "pl": ["Zuzanna", "Antoni", "Julia", "Jan", "Maja"],
    "nl": ["Emma", "Daan", "Julia", "Sem", "Tess"],
}
LAST = {
    "de": ["Müller", "Schmidt", "Weber", "Wagner", "Becker"],
    "fr": ["Martin", "Bernard", "Dubois", "Moreau"],
    "en": ["Smith", "Johnson", "Brown", "Taylor", "Wilson"],
    "es": ["García", "Fernández", "López", "Martínez"],
    "it": ["Rossi", "Russo", "Ferrari", "Esposito"],
    "pl": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik"],
    "nl": ["de Jong", "Jansen", "de Vries", "van Dijk"],
}
SUFFIX = {
    "DE": "GmbH",
    "FR": "SARL",
    "GB": "Ltd",
    "US": "Inc.",
    "ES": "S.L.",
    "IT": "S.r.l.",
    "PL": "Sp. z o.o.",
    "NL": "B.V.",
}
TRADES = ["Maschinenbau", "Logistics", "Foods", "Medical", "Software", "Textiles", "Energy", "Print", "Retail"]
INDUSTRIES = [
    "manufacturing",
    "logistics",
    "food",
    "healthcare",
    "software",
    "textiles",
    "energy",
    "printing",
    "retail",
]
TAGS = ["vip", "newsletter", "key-account", "trade-fair-2026", "reseller-lead", "churn-risk", "eco-line"]
OWNERS = ["sales@crm.local", "anna.weber@crm.local", "li.chen@crm.local", "tom.hughes@crm.local"]
CHANNELS = ["email", "phone", "sms", "mail", "chat", "in_person"]
NOTES = [
    ("call", "Asked about volume discounts for Q1"),
    ("meeting", "Visited showroom, interested in the eco line"),
    ("email", "Sent updated price list"),
    ("note", "Prefers delivery on Tuesdays"),
    ("call", "Complained about a late delivery; resolved with a voucher"),
]


def _phone(rng: random.Random, country: str) -> str:
    """A valid mobile number of that country: its example number with the last five digits varied."""
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    for _ in range(200):
        candidate = national[:-5] + "".join(rng.choice("0123456789") for _ in range(5))
        number = phonenumbers.parse(f"+{example.country_code}{candidate}", country)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise RuntimeError(f"no valid phone number for {country}")


def _ascii(text: str) -> str:
    text = text.lower().replace("ß", "ss").replace("ł", "l").replace(" ", "-")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain if ch.isalnum() or ch in "-.")


def demo_customers(count: int, seed: int = 2026) -> list[tuple[schemas.CustomerCreate, list[tuple[str, str, str]]]]:
    """Deterministic customer bodies plus (kind, summary, occurred_at) timeline entries for each."""
    rng = random.Random(seed)
    out = []
    base = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    for n in range(1, count + 1):
        country = rng.choice(list(COUNTRIES))
        lang, cities = COUNTRIES[country]
        city, lat, lon = rng.choice(cities)
        is_company = rng.random() < 0.7
        tags = rng.sample(TAGS, k=rng.choice([0, 1, 1, 2]))
        consent = {"email_marketing": rng.random() < 0.6, "newsletter": rng.random() < 0.4, "source": "demo-seed"}
        address = {
            "line1": f"{rng.choice(LAST[lang])}straße {rng.randint(1, 120)}"
            if lang == "de"
            else f"{rng.randint(1, 120)} Market Street",
            "postal_code": f"{rng.randint(10000, 99999)}",
            "city": city,
            "country": country,
            "latitude": round(lat + rng.uniform(-0.05, 0.05), 5),
            "longitude": round(lon + rng.uniform(-0.05, 0.05), 5),
        }
        common = {
            "external_id": f"DEMO-{n:04d}",
            "address": address,
            "language": lang,
            "preferred_channel": rng.choice(CHANNELS),
            "tags": tags,
            "owner": rng.choice(OWNERS),
            "consent": consent,
        }
        if is_company:
            if n % 5 == 0:  # resellers: the demo's volume price rules are for this group
                common["tags"] = [*tags, "wholesale"]
            trade = rng.randrange(len(TRADES))
            name = f"{rng.choice(LAST[lang])} {TRADES[trade]} {SUFFIX[country]} {n}"
            domain = f"{_ascii(name.split()[0])}-{TRADES[trade].lower()}-{n}.example"
            contacts = []
            for _ in range(rng.randint(1, 3)):
                first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
                contacts.append(
                    {
                        "first_name": first,
                        "last_name": last,
                        "title": rng.choice(["Purchasing", "CEO", "Operations", "Finance"]),
                        "emails": [f"{_ascii(first)}.{_ascii(last)}@{domain}"],
                        "phones": [_phone(rng, country)],
                        "language": lang,
                        "is_primary": not contacts,
                    }
                )
            body = {
                "kind": "company",
                "name": name,
                "tax_id": f"{country}{rng.randint(100000000, 999999999)}",
                "website": f"https://{domain}",
                "industry": INDUSTRIES[trade],
                "emails": [f"info@{domain}"],
                "phones": [_phone(rng, country)],
                "needs": rng.choice(["fast delivery", "volume pricing", "custom packaging", "net-60 terms"]),
                "buying_habits": rng.choice(["monthly reorder", "quarterly bulk", "seasonal peaks", "ad hoc"]),
                "contacts": contacts,
                **common,
            }
        else:
            first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
            body = {
                "kind": "person",
                "first_name": first,
                "last_name": last,
                "emails": [f"{_ascii(first)}.{_ascii(last)}.{n}@mail.example"],
                "phones": [_phone(rng, country)],
                "expectations": rng.choice(["personal advice", "quick answers", "best price"]),
                **common,
            }
        data = schemas.CustomerCreate.model_validate(body, context={"default_region": country})
        entries = []
        for _ in range(rng.randint(1, 4)):
            kind, summary = rng.choice(NOTES)
            when = base - timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 600))
            entries.append((kind, summary, when.isoformat(timespec="milliseconds").replace("+00:00", "Z")))
        out.append((data, entries))
    return out


def seed(
    count: int, actor: str = "seed@crm.local", raw_zone_later: list[dict[str, Any]] | None = None
) -> dict[str, object]:
    """Create the demo customers that do not exist yet (matched by external id); the history's analytics raw
    zone is written now, or left in `raw_zone_later` (see seed_business).

    Items are built by the same service code as an API create, then batch-written: moto copies every table on
    each transaction, which makes hundreds of transactional creates take minutes.
    """
    created = skipped = 0
    example = ""
    new_customers: list[Customer] = []
    with CrmItem.batch_write() as batch:
        for data, entries in demo_customers(count):
            example = example or (data.emails or [""])[0]
            if repository.find_duplicates([("EXT", data.external_id)]):
                skipped += 1
                continue
            customer, items = service.new_customer_items(data, actor)
            for item in items:
                if isinstance(item, Customer | Contact):
                    item.version = 1  # what the transactional create would have set
                batch.save(item)
            for kind, summary, when in entries:
                batch.save(new_entry(customer.customer_id, kind, summary, actor=data.owner, occurred_at=when))
            created += 1
            new_customers.append(customer)
    from infra.seed_business import from_customers, seed_business

    business = seed_business(from_customers(new_customers), raw_zone_later=raw_zone_later)
    if new_customers:
        from infra.seed_knowledge import seed_knowledge
        from infra.seed_prm import seed_prm
        from infra.seed_routing import seed_routing
        from infra.seed_srm import seed_srm

        business |= seed_srm() | seed_prm() | seed_routing() | seed_knowledge()
    return {"created": created, "skipped": skipped, "example_email": example, "business": business}
