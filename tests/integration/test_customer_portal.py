"""The customer portal (/me) as two signed-in customers use it, through API Gateway's Cognito authorizer with
tokens of the portal's own app client: each sees only their own orders, invoices and cases, opens a case,
follows the public conversation and replies, sets consent and subscriptions (recorded with the portal as the
source) and downloads their data. Every /me route asked for the other customer's ids answers 404; staff tokens,
portal tokens on staff routes and an unlinked portal user are refused."""

from __future__ import annotations

import pytest

from infra.users import id_token, link_portal_user
from tests.support import company


def _order(api, customer_id: str) -> str:
    body = {"customer_id": customer_id, "currency": "EUR", "lines": [{"sku": "ME-1", "quantity": "2"}]}
    made = api("POST", "/orders", body)
    assert made.status_code == 201, made.json
    return made.json["order_id"]


@pytest.fixture
def portal(api, aws):
    """Customers A and B with an order and a case each, and a portal user per customer."""
    api(
        "POST",
        "/products",
        {"sku": "ME-1", "name": "Filter", "category": "filters", "tax_rate": "0.19"},
        role="manager",
    )
    prices = {
        "name": "p",
        "currency": "EUR",
        "valid_from": "2026-01-01",
        "prices": [{"sku": "ME-1", "unit_price": "10"}],
    }
    api("POST", "/price-lists", prices, role="manager")
    pool, client = aws["stack"].physical("UserPool"), aws["stack"].physical("CustomerPortalClient")
    out = {}
    for key, name in (("a", "Anna Portal GmbH"), ("b", "Bruno Portal AG")):
        email = f"{key}.buyer@portal.example"
        c = api("POST", "/customers", company(name, emails=[email], phones=[], owner="agent@crm.local")).json
        link_portal_user(pool, "eu-west-1", email, c["customer_id"])
        case = {
            "customer_id": c["customer_id"],
            "subject": f"Staff case of {name}",
            "channel": "phone",
            "category": "question",
        }
        out[key] = {
            "customer_id": c["customer_id"],
            "email": email,
            "order_id": _order(api, c["customer_id"]),
            "case_id": api("POST", "/cases", case, role="agent").json["case_id"],
            "auth": {"Authorization": f"Bearer {id_token(client, email, region='eu-west-1')}"},
        }
    return out


def test_a_customer_sees_and_works_with_only_their_own_records(api, portal):
    a = portal["a"]

    def me(method, path, body=None, **kw):
        return api(method, path, body, role=None, headers=a["auth"], **kw)

    profile = me("GET", "/me/profile").json
    assert (profile["customer_id"], profile["name"], profile["email"]) == (
        a["customer_id"],
        "Anna Portal GmbH",
        a["email"],
    )
    orders = me("GET", "/me/orders").json["items"]
    assert [(o["order_id"], o["grand_total"]) for o in orders] == [(a["order_id"], "23.80")]
    assert me("GET", f"/me/orders/{a['order_id']}").json["invoice_number"]  # the invoice comes with the order

    opened = me(
        "POST", "/me/cases", {"subject": "Filter does not fit", "category": "return", "order_id": a["order_id"]}
    )
    assert opened.status_code == 201 and opened.json["status"] == "new"
    case_id = opened.json["case_id"]
    staff_case = api("GET", f"/cases/{case_id}", role="agent").json
    assert (staff_case["channel"], staff_case["owner"], staff_case["order_id"]) == (
        "web",
        "agent@crm.local",
        a["order_id"],
    )
    api("POST", f"/cases/{case_id}/comments", {"body": "Internal: check the batch", "public": False}, role="agent")
    api("POST", f"/cases/{case_id}/comments", {"body": "Please send a photo.", "public": True}, role="agent")
    api("POST", f"/cases/{case_id}/status", {"status": "pending"}, role="agent")
    seen = me("GET", f"/me/cases/{case_id}").json
    assert [(m["author"], m["body"]) for m in seen["comments"]] == [("service", "Please send a photo.")]
    replied = me("POST", f"/me/cases/{case_id}/replies", {"body": "Photo is attached to my email."}).json
    assert replied["status"] == "open" and replied["comments"][-1]["author"] == "you"  # waiting on me: open again
    listed = [(c["case_id"], c["status"]) for c in me("GET", "/me/cases").json["items"]]
    assert listed == [(case_id, "open"), (a["case_id"], "new")]

    consent = me("PUT", "/me/consent", {"email_marketing": True, "sms_marketing": False}).json["consent"]
    assert consent["email_marketing"] and consent["source"] == "customer portal"
    nl = api("POST", "/newsletters", {"name": "Filter news", "wording_version": "2026-12"}, role="manager").json
    subscribed = me("PUT", "/me/subscriptions", {"lists": {nl["list_id"]: True}}).json
    assert [(x["list_id"], x["subscribed"]) for x in subscribed["lists"]] == [(nl["list_id"], True)]
    evidence = api("GET", f"/newsletters/{nl['list_id']}/consent?email={a['email']}", role="manager").json
    assert [(e["action"], e["source"]) for e in evidence["steps"]] == [("confirmed", "customer portal")]
    unknown = me("PUT", "/me/subscriptions", {"lists": {"nope": True}})
    assert unknown.status_code == 400 and "lists.nope" in unknown.json["fields"]
    assert not me("PUT", "/me/subscriptions", {"lists": {nl["list_id"]: False}}).json["lists"][0]["subscribed"]

    export = me("GET", "/me/export").json
    assert export["customer_id"] == a["customer_id"] and [o["order_id"] for o in export["orders"]] == [a["order_id"]]


def test_every_route_refuses_the_other_customers_ids_and_other_tokens(api, aws, portal):
    a, b = portal["a"], portal["b"]
    foreign = [
        ("GET", f"/me/orders/{b['order_id']}", None),
        ("GET", f"/me/cases/{b['case_id']}", None),
        ("POST", f"/me/cases/{b['case_id']}/replies", {"body": "hello"}),
        ("POST", "/me/cases", {"subject": "About B's order", "order_id": b["order_id"]}),
    ]
    for method, path, body in foreign:
        answer = api(method, path, body, role=None, headers=a["auth"])
        assert answer.status_code == 404, (path, answer.json)
    assert api("GET", f"/cases/{b['case_id']}", role="agent").json["comments"] == []  # nothing reached B's case
    assert [o["order_id"] for o in api("GET", "/me/orders", role=None, headers=b["auth"]).json["items"]] == [
        b["order_id"]
    ]

    assert api("GET", "/me/profile", role="sales").status_code == 403  # staff tokens do not reach the portal
    assert api("GET", "/customers", role=None, headers=a["auth"]).status_code == 403  # nor portal tokens staff routes
    staff_client = aws["stack"].physical("UserPoolClient")
    wrong_client = {"Authorization": f"Bearer {id_token(staff_client, a['email'], region='eu-west-1')}"}
    assert (
        api("GET", "/me/profile", role=None, headers=wrong_client).status_code == 403
    )  # "customer" only from the portal
    pool, portal_client = aws["stack"].physical("UserPool"), aws["stack"].physical("CustomerPortalClient")
    link_portal_user(pool, "eu-west-1", "unlinked@portal.example", "")  # no customer behind the account
    unlinked = {"Authorization": f"Bearer {id_token(portal_client, 'unlinked@portal.example', region='eu-west-1')}"}
    refused = api("GET", "/me/orders", role=None, headers=unlinked)
    assert refused.status_code == 403 and refused.json["fields"] == {"customer_id": "missing on the account"}
    assert api("POST", "/me/cases", {"subject": ""}, role=None, headers=a["auth"]).json["fields"].keys() == {"subject"}


def test_the_portal_chat_answers_a_signed_in_customer_without_a_pin_and_hands_off(api, portal):
    a = portal["a"]

    def say(text: str) -> dict:
        answer = api("POST", "/me/chat", {"text": text, "session": "window-0001"}, role=None, headers=a["auth"])
        assert answer.status_code == 200, answer.json
        return answer.json

    assert say("When are you open")["messages"][0].startswith("We are open")
    invoice = api("GET", f"/me/orders/{a['order_id']}", role=None, headers=a["auth"]).json["invoice_number"]
    status = say(f"Where is order {invoice.replace('-', '')}")  # signed in: verified, no PIN asked
    assert status["messages"] == [f"Order {invoice} is placed. The total is 23.80 EUR."]
    assert say("I have a problem")["messages"] == ["What is it about? One sentence is enough."]
    opened = say("The filter housing cracked")
    assert opened["case_id"] and opened["messages"][0].startswith("Thank you. I opened a case")
    mine = api("GET", "/me/cases", role=None, headers=a["auth"]).json["items"]
    assert opened["case_id"] in [c["case_id"] for c in mine]
    person = say("I want to speak to someone")
    assert person["handoff"] and person["messages"][0].startswith("I am connecting you")
    chats = [e for e in api("GET", f"/customers/{a['customer_id']}/timeline").json["items"] if e["kind"] == "chat"]
    assert [e["summary"] for e in chats] == ["Chat with the assistant: When are you open"]  # one entry per chat
    transcript = chats[0]["body"].splitlines()
    assert transcript[0] == "Customer: When are you open" and transcript[1].startswith("Assistant: We are open")
    assert transcript[-2:] == ["Customer: I want to speak to someone", person["messages"][0].join(["Assistant: ", ""])]
    assert api("POST", "/me/chat", {"text": "hi", "session": "x"}, role=None, headers=a["auth"]).json["fields"] == {
        "session": "String should match pattern '^[A-Za-z0-9-]{8,40}$'"
    }


def test_the_help_pages_show_only_published_public_articles(api, aws, portal, monkeypatch):
    from crm.knowledge import search_index
    from infra.functions import run_scheduled

    monkeypatch.setattr(search_index, "REFRESH_SECONDS", 0.0)
    auth = portal["a"]["auth"]
    api("PUT", "/kb/categories/help", {"names": {"en": "Help"}}, role="admin")
    ids = {}
    for title, visibility in (("Replacing the filter cartridge", "public"), ("Filter margin calculation", "internal")):
        body = {
            "lang": "en",
            "title": title,
            "body": f"{title}: **step by step**.",
            "category": "help",
            "visibility": visibility,
        }
        ids[visibility] = api("POST", "/kb/articles", body, role="agent").json["article_id"]
        api("POST", f"/kb/articles/{ids[visibility]}/translations/en/submit", {}, role="agent")
        api("POST", f"/kb/articles/{ids[visibility]}/translations/en/publish", {}, role="manager")
    draft = api("POST", "/kb/articles", {**body, "title": "Filter draft", "visibility": "public"}, role="agent").json
    run_scheduled(aws["stack"], "KnowledgeIndexFunction")
    found = api("GET", "/me/help?q=filter&lang=en", role=None, headers=auth).json["items"]
    assert [h["article_id"] for h in found] == [ids["public"]]  # not the internal one, not the draft
    page = api("GET", f"/me/help/{ids['public']}/en", role=None, headers=auth).json
    assert page["title"] == "Replacing the filter cartridge" and "**step by step**" in page["body"]
    for hidden in (ids["internal"], draft["article_id"]):
        assert api("GET", f"/me/help/{hidden}/en", role=None, headers=auth).status_code == 404
    rated = api("POST", f"/me/help/{ids['public']}/en/feedback", {"helped": True}, role=None, headers=auth).json
    assert rated["helped"] == 1
    assert (
        api("POST", f"/me/help/{ids['internal']}/en/feedback", {"helped": True}, role=None, headers=auth).status_code
        == 404
    )
