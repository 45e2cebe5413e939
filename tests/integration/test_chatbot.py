"""The chatbot's fulfilment (ChatbotFunction, as the template's Lex V2 alias invokes it) with Lex V2's event shape
from AWS's documentation (messageVersion 1.0: sessionId, bot, interpretations, proposedNextState,
sessionState with intent and slots, a null slot while not filled): a verified and an unverified customer asking
for an order's status, a wrong PIN, an unknown customer, opening a case, the FAQ from the knowledge base in
Polish, opening hours, the hand-off to a person with the conversation's summary, and the table down (a polite
answer, never an exception)."""

from __future__ import annotations

from typing import Any

from infra.functions import Context, handler, run_scheduled
from infra.lex_runtime import code_hook_event
from tests.support import company


def lex(intent: str, slots: dict[str, str | None] | None = None, attributes: dict | None = None, **kw: Any) -> dict:
    return code_hook_event(intent, slots or {}, attributes or {}, **kw)


def _said(answer: dict) -> str:
    return answer["messages"][0]["content"]


def test_a_customer_is_verified_once_then_gets_the_order_status_and_opens_a_case(api, aws):
    bot = handler(aws["stack"], "ChatbotFunction")
    ask = lambda event: bot(event, Context("ChatbotFunction"))  # noqa: E731
    c = api("POST", "/customers", company("Chat Kunde GmbH", phones=["+49 30 5550999"])).json
    api("PUT", f"/customers/{c['customer_id']}/ivr-pin", {"pin": "4711"})
    api("POST", "/products", {"sku": "BOT-1", "name": "x", "category": "c", "tax_rate": "0.19"}, role="manager")
    prices = {
        "name": "p",
        "currency": "EUR",
        "valid_from": "2026-01-01",
        "prices": [{"sku": "BOT-1", "unit_price": "10"}],
    }
    api("POST", "/price-lists", prices, role="manager")
    order = api(
        "POST",
        "/orders",
        {"customer_id": c["customer_id"], "currency": "EUR", "lines": [{"sku": "BOT-1", "quantity": "1"}]},
    ).json
    attrs = {"crm_customer_id": c["customer_id"]}

    first = ask(lex("OrderStatus", {"OrderNumber": None, "Pin": None}, attrs, transcript="where is my order"))
    assert first["sessionState"]["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "Pin"}
    assert _said(first).startswith("For your security")
    wrong = ask(lex("OrderStatus", {"OrderNumber": None, "Pin": "1111"}, attrs))
    assert wrong["sessionState"]["dialogAction"]["slotToElicit"] == "Pin" and "did not match" in _said(wrong)
    right = ask(lex("OrderStatus", {"OrderNumber": None, "Pin": "4711"}, attrs))
    assert right["sessionState"]["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "OrderNumber"}
    session = right["sessionState"]["sessionAttributes"]
    assert session["crm_verified"] == c["customer_id"] and session["crm_sig"]
    number = order["invoice_number"].replace("-", "")
    status = ask(lex("OrderStatus", {"OrderNumber": number, "Pin": None}, session, source="FulfillmentCodeHook"))
    assert status["sessionState"]["intent"]["state"] == "Fulfilled"
    assert _said(status) == f"Order {order['invoice_number']} is placed. The total is 11.90 EUR."
    session = status["sessionState"]["sessionAttributes"]  # Lex keeps the session's attributes between turns
    stolen = ask(lex("CaseStatus", {"Pin": None}, session, session="another-chat"))  # the signature is per chat
    assert stolen["sessionState"]["dialogAction"]["slotToElicit"] == "Pin"

    asked = ask(lex("OpenCase", {"Subject": None, "Pin": None}, session))
    assert asked["sessionState"]["dialogAction"]["slotToElicit"] == "Subject"
    opened = ask(
        lex("OpenCase", {"Subject": "The pump leaks oil", "Pin": None}, asked["sessionState"]["sessionAttributes"])
    )
    case_id = opened["sessionState"]["sessionAttributes"]["crm_case_id"]
    assert _said(opened).startswith("Thank you. I opened a case: The pump leaks oil")
    assert api("GET", f"/cases/{case_id}", role="agent").json["channel"] == "chat"
    handoff = ask(lex("TalkToPerson", {}, opened["sessionState"]["sessionAttributes"]))
    after = handoff["sessionState"]["sessionAttributes"]
    assert after["crm_handoff"] == "true" and after["crm_customer_id"] == c["customer_id"]
    assert "OrderStatus: Order" in after["crm_bot_log"] and "OpenCase: Thank you" in after["crm_bot_log"]


def test_unknown_customers_faq_hours_and_a_failing_table_get_polite_answers(api, aws, monkeypatch):
    bot = handler(aws["stack"], "ChatbotFunction")
    ask = lambda event: bot(event, Context("ChatbotFunction"))  # noqa: E731
    nobody = ask(lex("CaseStatus", {"Pin": "1234"}))
    assert nobody["sessionState"]["intent"]["state"] == "Failed" and "could not find your account" in _said(nobody)
    assert nobody["sessionState"]["sessionAttributes"]["crm_handoff"] == "true"
    assert _said(ask(lex("OpeningHours"))).startswith("We are open")

    api("PUT", "/kb/categories/faq", {"names": {"pl": "Pytania"}}, role="admin")
    body = {
        "lang": "pl",
        "title": "Zwrot towaru",
        "body": "Zwrot zgłoś w ciągu 14 dni.",
        "category": "faq",
        "visibility": "public",
    }
    article = api("POST", "/kb/articles", body, role="agent").json["article_id"]
    api("POST", f"/kb/articles/{article}/translations/pl/submit", {}, role="agent")
    api("POST", f"/kb/articles/{article}/translations/pl/publish", {}, role="manager")
    run_scheduled(aws["stack"], "KnowledgeIndexFunction")
    from crm.knowledge import search_index

    monkeypatch.setattr(search_index, "REFRESH_SECONDS", 0.0)
    faq = ask(lex("Faq", {"Question": None}, transcript="jak zrobić zwrot towaru", locale="pl_PL"))
    assert (
        _said(faq).startswith("Zwrot towaru: ")
        and faq["sessionState"]["sessionAttributes"]["crm_kb_article"] == article
    )
    none = ask(lex("Faq", {"Question": "quantum flux capacitor"}, locale="en_US"))
    assert none["sessionState"]["intent"]["state"] == "Failed" and "did not find an answer" in _said(none)

    def table_down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the table is unreachable")

    monkeypatch.setattr("crm.contact_centre.ivr.caller_card", table_down)
    down = ask(lex("OrderStatus", {"Pin": "4711"}, {"crm_customer_id": "C-1"}))
    assert (
        down["sessionState"]["intent"]["state"] == "Failed" and down["sessionState"]["dialogAction"]["type"] == "Close"
    )
    assert "system is busy" in _said(down) and down["sessionState"]["sessionAttributes"]["crm_handoff"] == "true"
    garbage = ask({"not": "a lex event"})
    assert garbage["sessionState"]["dialogAction"]["type"] == "Close"  # an unknown event: still an answer


def test_emulator_lex_runtime_takes_the_callers_session_attributes_and_a_hyphenated_order_number(api, aws):
    """What Connect's chat flow does (LexSessionAttributes -> sessionState.sessionAttributes), against the local
    Lex runtime: the customer id it passes reaches the code hook, and "2026-000123" fills the OrderNumber slot."""
    import boto3

    c = api("POST", "/customers", company("Flow Chat GmbH", phones=["+49 30 5550 7788"])).json
    api("PUT", f"/customers/{c['customer_id']}/ivr-pin", {"pin": "2580"})
    lex = boto3.client("lexv2-runtime")
    ids = {"botId": "CRMCHATBOT", "botAliasId": "LIVEALIAS1", "localeId": "en_US", "sessionId": "flow-chat-0001"}
    state = {"sessionAttributes": {"crm_customer_id": c["customer_id"]}}
    asked = lex.recognize_text(**ids, text="where is my order 2026-000123", sessionState=state)
    assert asked["sessionState"]["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "Pin"}
    answered = lex.recognize_text(**ids, text="2580", sessionState=state)
    said = " ".join(m["content"] for m in answered["messages"])
    assert said == "I could not find order 2026-000123 on your account."  # verified, and the whole number asked
