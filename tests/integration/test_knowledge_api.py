"""The knowledge base through the API: categories, an article written, translated, reviewed and published with
its revisions; the search index rebuilt as its function runs (hourly, or on the table stream) and searched
with stemming, a typo and visibility; suggestions for a case; feedback counts; bad input named."""

from __future__ import annotations

import pytest

from infra.functions import run_scheduled
from tests.support import company

PUMP_EN = {
    "lang": "en",
    "title": "Resetting the pump controller",
    "body": "# Reset\n\nHold the **reset** button for five seconds while the pumps are running.\n\n<script>x()</script>",
    "category": "troubleshooting",
    "visibility": "public",
    "case_categories": ["incident"],
}
PUMP_PL = {
    "title": "Resetowanie sterownika pompy",
    "body": "Przytrzymaj przycisk **reset** przez pięć sekund, gdy pompa działa.",
    "category": "troubleshooting",
    "visibility": "public",
    "case_categories": ["incident"],
}
WARRANTY = {
    "lang": "en",
    "title": "Warranty claims for controllers",
    "body": "Claims are accepted within two years of delivery. Internal: check the serial number first.",
    "category": "troubleshooting",
    "visibility": "internal",
}


def _publish(api, article_id: str, lang: str) -> dict:
    submitted = api("POST", f"/kb/articles/{article_id}/translations/{lang}/submit", {}, role="agent")
    assert submitted.status_code == 200, submitted.json
    published = api("POST", f"/kb/articles/{article_id}/translations/{lang}/publish", {}, role="manager")
    assert published.status_code == 200, published.json
    return published.json


@pytest.fixture(autouse=True)
def fresh_index(monkeypatch):
    """Each test's index is new: the API asks S3 at every search instead of every REFRESH_SECONDS."""
    from crm.knowledge import search_index

    monkeypatch.setattr(search_index, "REFRESH_SECONDS", 0.0)


@pytest.fixture
def published(api, aws):
    """A category, the pump article in English and Polish, the internal warranty note; all published, indexed."""
    names = {"names": {"en": "Troubleshooting", "pl": "Rozwiązywanie problemów"}}
    assert api("PUT", "/kb/categories/troubleshooting", names, role="admin").status_code == 200
    pump = api("POST", "/kb/articles", PUMP_EN, role="agent").json["article_id"]
    assert api("PUT", f"/kb/articles/{pump}/translations/pl", PUMP_PL, role="agent").status_code == 200
    warranty = api("POST", "/kb/articles", WARRANTY, role="agent").json["article_id"]
    for article_id, lang in ((pump, "en"), (pump, "pl"), (warranty, "en")):
        _publish(api, article_id, lang)
    assert run_scheduled(aws["stack"], "KnowledgeIndexFunction")["indexed"] == 3
    return {"pump": pump, "warranty": warranty}


def test_an_article_is_drafted_reviewed_published_with_revisions(api):
    assert (
        api("PUT", "/kb/categories/troubleshooting", {"names": {"en": "Troubleshooting"}}, role="admin").status_code
        == 200
    )
    made = api("POST", "/kb/articles", PUMP_EN, role="agent")
    assert made.status_code == 201
    article_id, en = made.json["article_id"], made.json["translations"][0]
    assert (en["status"], en["revision"], en["updated_by"]) == ("draft", 1, "agent@crm.local")

    early = api("POST", f"/kb/articles/{article_id}/translations/en/publish", {}, role="manager")
    assert early.status_code == 409 and early.json["fields"] == {"status": "draft"}  # not reviewed yet
    api("POST", f"/kb/articles/{article_id}/translations/en/submit", {}, role="agent")
    assert api("POST", f"/kb/articles/{article_id}/translations/en/publish", {}, role="agent").status_code == 403
    returned = api("POST", f"/kb/articles/{article_id}/translations/en/return", {}, role="manager")
    assert returned.status_code == 400 and "note" in returned.json["fields"]
    api("POST", f"/kb/articles/{article_id}/translations/en/return", {"note": "say which button"}, role="manager")
    fixed = {**PUMP_EN, "title": "Resetting the pump controller (red button)"}
    fixed.pop("lang")
    stale = api("PUT", f"/kb/articles/{article_id}/translations/en", {**fixed, "version": 1}, role="agent")
    assert stale.status_code == 409  # submitted and returned since
    saved = api("PUT", f"/kb/articles/{article_id}/translations/en", fixed, role="agent", headers={"If-Match": "3"})
    assert saved.json["translations"][0]["revision"] == 2
    article = _publish(api, article_id, "en")["translations"][0]
    assert (article["status"], article["published_revision"], article["published_by"]) == (
        "published",
        2,
        "manager@crm.local",
    )

    events = api("GET", f"/kb/articles/{article_id}/translations/en/revisions", role="sales").json["items"]
    assert [(e["revision"], e["event"]) for e in events] == [
        (2, "published"),
        (2, "submitted"),
        (2, "saved"),
        (1, "returned"),
        (1, "submitted"),
        (1, "saved"),
    ]
    listed = api("GET", "/kb/articles?category=troubleshooting", role="sales").json["items"]
    assert [(a["article_id"], a["lang"], a["status"]) for a in listed] == [(article_id, "en", "published")]


def test_search_stems_respells_and_keeps_internal_articles_to_staff(api, published):
    hits = api("GET", "/kb/search?q=reset%20pump&lang=en", role="agent").json
    assert [h["article_id"] for h in hits["items"]] == [published["pump"]]  # "pumps" in the text, stemmed
    assert "[reset]" in hits["items"][0]["snippet"] and "<script>" not in hits["items"][0]["snippet"]
    typo = api("GET", "/kb/search?q=warrnty&lang=en", role="agent").json
    assert typo["corrected"] and typo["query"].lower() == "warranty"
    assert [h["article_id"] for h in typo["items"]] == [published["warranty"]]
    polish = api("GET", "/kb/search?q=sterownika&lang=pl", role="agent").json["items"]
    assert [(h["article_id"], h["lang"]) for h in polish] == [(published["pump"], "pl")]
    serial = api("GET", "/kb/search?q=serial%20numbers&lang=en", role="agent").json["items"]
    assert [h["article_id"] for h in serial] == [published["warranty"]]
    from crm.knowledge.public import suggest

    public_only = suggest("warranty controller", None, "en", 5, ("public",))
    assert [h.article_id for h in public_only.items] == [published["pump"]]  # the internal note stays inside


def test_a_case_gets_articles_from_its_subject_and_category(api, published):
    customer = api("POST", "/customers", company("Pump Works", owner="sales@crm.local")).json["customer_id"]
    case = {
        "customer_id": customer,
        "subject": "Controller of the pump hangs",
        "channel": "phone",
        "category": "incident",
    }
    case_id = api("POST", "/cases", case, role="agent").json["case_id"]
    found = api("GET", f"/kb/suggestions?case_id={case_id}&lang=en", role="agent").json
    found = found["items"]
    assert [h["article_id"] for h in found] == [published["pump"], published["warranty"]]  # incident's article first
    assert api("GET", "/kb/suggestions?case_id=nope&lang=en", role="agent").status_code == 404


def test_feedback_counts_per_translation(api, published):
    pump = published["pump"]
    for helped in (True, True, False):
        api("POST", f"/kb/articles/{pump}/translations/en/feedback", {"helped": helped}, role="agent")
    counted = api("GET", f"/kb/articles/{pump}", role="sales").json["translations"]
    assert {t["lang"]: (t["helped"], t["not_helped"]) for t in counted} == {"en": (2, 1), "pl": (0, 0)}


def test_bad_knowledge_input_is_400_naming_the_field(api):
    assert api("POST", "/kb/articles", {**PUMP_EN, "category": "nowhere"}, role="agent").json["fields"] == {
        "category": "unknown"
    }
    assert "lang" in api("POST", "/kb/articles", {**PUMP_EN, "lang": "english"}, role="agent").json["fields"]
    assert "lang" in api("GET", "/kb/articles/x/translations/EN/revisions", role="agent").json["fields"]
    assert "category_id" in api("PUT", "/kb/categories/Bad%20Id", {"names": {"en": "x"}}, role="admin").json["fields"]
    assert "q" in api("GET", "/kb/search?lang=en", role="agent").json["fields"]
    assert api("PUT", "/kb/categories/faq", {"names": {"en": "FAQ"}}, role="agent").status_code == 403
    assert api("GET", "/kb/search?q=x", role="partner").status_code == 403
    assert api("GET", "/kb/search?q=anything&lang=de", role="agent").json["items"] == []  # no German index yet
