"""Demo knowledge base: three categories and five articles in English and Polish, published through the same
service code as the API (draft -> review -> published), written for the demo cases' subjects so a case and the
screen pop suggest them; then the search index is built once (the table stream's consumer keeps it current)."""

from __future__ import annotations

from crm.knowledge import finder, schemas, service

CATEGORIES = {
    "troubleshooting": {"en": "Troubleshooting", "pl": "Rozwiązywanie problemów"},
    "orders-billing": {"en": "Orders and billing", "pl": "Zamówienia i faktury"},
    "returns": {"en": "Returns and complaints", "pl": "Zwroty i reklamacje"},
}
ARTICLES = [
    (
        "troubleshooting",
        "public",
        ["incident"],
        {
            "en": (
                "Press stops with error E42",
                "## What E42 means\n\nThe hydraulic press stops when the oil "
                "pressure sensor reads below 40 bar.\n\n1. Switch the press off.\n2. Check the oil level in the "
                "sight glass.\n3. Top up with HLP 46 and restart.\n\nIf E42 comes back, open a case: a technician "
                "replaces the sensor.",
            ),
            "pl": (
                "Prasa zatrzymuje się z błędem E42",
                "## Co oznacza E42\n\nPrasa hydrauliczna zatrzymuje się, "
                "gdy czujnik ciśnienia oleju wskazuje poniżej 40 bar.\n\n1. Wyłącz prasę.\n2. Sprawdź poziom "
                "oleju we wzierniku.\n3. Uzupełnij olejem HLP 46 i uruchom ponownie.",
            ),
        },
    ),
    (
        "orders-billing",
        "public",
        ["question"],
        {
            "en": (
                "How to reorder filters",
                "Filters are reordered from your last order: open **Orders**, pick the "
                "order and choose *Order again*. Standard filters ship within two working days.",
            ),
            "pl": (
                "Jak ponownie zamówić filtry",
                "Filtry zamówisz ponownie z ostatniego zamówienia: otwórz "
                "**Zamówienia**, wybierz zamówienie i *Zamów ponownie*. Wysyłka w ciągu dwóch dni roboczych.",
            ),
        },
    ),
    (
        "orders-billing",
        "internal",
        ["question"],
        {
            "en": (
                "Changing a customer's invoice address",
                "Change the address on the customer's profile; open "
                "invoices keep the old address. Check the tax id when the country changes.",
            ),
            "pl": (
                "Zmiana adresu do faktury klienta",
                "Zmień adres w profilu klienta; wystawione faktury "
                "zachowują stary adres. Przy zmianie kraju sprawdź NIP.",
            ),
        },
    ),
    (
        "returns",
        "public",
        ["return", "complaint"],
        {
            "en": (
                "Returning a wrong or damaged delivery",
                "Report a wrong or damaged delivery within 14 days. "
                "Keep the packaging and take photos; we send a return label and ship the right part at once.",
            ),
            "pl": (
                "Zwrot błędnej lub uszkodzonej dostawy",
                "Błędną lub uszkodzoną dostawę zgłoś w ciągu 14 dni. "
                "Zachowaj opakowanie i zrób zdjęcia; wyślemy etykietę zwrotną i od razu właściwą część.",
            ),
        },
    ),
    (
        "returns",
        "public",
        ["complaint"],
        {
            "en": (
                "Late delivery: what we do",
                "When a delivery is late we tell you the new date the same day, "
                "and orders late by more than five working days ship free of charge.",
            ),
            "pl": (
                "Opóźniona dostawa: co robimy",
                "Gdy dostawa się opóźnia, tego samego dnia podajemy nowy "
                "termin, a zamówienia opóźnione o ponad pięć dni roboczych wysyłamy bezpłatnie.",
            ),
        },
    ),
]


def _publish(article_id: str, lang: str) -> None:
    service.submit(article_id, lang, schemas.ReviewIn(), None, "agent@crm.local")
    service.publish(article_id, lang, schemas.ReviewIn(), None, "manager@crm.local")


def seed_knowledge() -> dict[str, int]:
    if service.list_articles(schemas.ArticleQuery(limit=1)).items:
        return {"kb_articles": 0}
    for category, names in CATEGORIES.items():
        service.put_category(category, schemas.CategoryIn(names=names))
    for category, visibility, cases, texts in ARTICLES:
        (en_title, en_body), (pl_title, pl_body) = texts["en"], texts["pl"]
        common = {"category": category, "visibility": visibility, "case_categories": cases}
        made = service.create_article(
            schemas.ArticleIn(lang="en", title=en_title, body=en_body, **common), "agent@crm.local"
        )
        _publish(made.article_id, "en")
        pl = schemas.TranslationIn(title=pl_title, body=pl_body, **common)
        service.save_translation(made.article_id, "pl", pl, None, "agent@crm.local")
        _publish(made.article_id, "pl")
    return {"kb_articles": len(ARTICLES), "kb_indexed": finder.rebuild_index()}
