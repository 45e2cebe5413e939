"""Feedback end to end: a resolved case asks the customer for their CSAT (the table stream's consumer, real MIME
in the customer's language, one signed link per rating); one click records the rating, a forged or replayed
link is refused, a comment follows once; the answers land on the timeline and a low one opens a call task for
the case owner, once. The post-call rating keyed into the contact flow (the IVR hook) likewise, never failing
the call. An NPS campaign's mail carries eleven rating links and a detractor's answer opens a task."""

from __future__ import annotations

import re

from infra.functions import Context, StreamPump, handler
from tests.connect_events import call
from tests.support import company, deliver_campaign_queue, links, path_of, ses_outbox


def _drain(pump: StreamPump) -> None:
    while pump.poll() is not None:
        pass


def _customer(api, name: str, **extra) -> str:
    phone = f"+48 22 555 {sum(map(ord, name)) % 100:02d} 77"  # one number per customer: no duplicates
    body = company(name, emails=[f"{name.split()[0].lower()}@buyer.example"], phones=[phone], **extra)
    made = api("POST", "/customers", body)
    assert made.status_code == 201, made.json
    return made.json["customer_id"]


def _resolved_case(api, customer_id: str, subject: str) -> str:
    case = {"customer_id": customer_id, "subject": subject, "channel": "email", "category": "complaint"}
    case_id = api("POST", "/cases", case, role="agent").json["case_id"]
    moved = api("POST", f"/cases/{case_id}/status", {"status": "resolved"}, role="agent")
    assert moved.status_code == 200, moved.json
    return case_id


def _feedback_entries(api, customer_id: str) -> list[str]:
    items = api("GET", f"/customers/{customer_id}/timeline").json["items"]
    return [e["summary"] for e in items if e["kind"] == "feedback"]


def test_a_resolved_case_asks_for_csat_once_and_a_low_rating_opens_a_call_back(api, aws):
    pump = StreamPump(aws["stack"], "CaseFeedbackFunction", "CrmTable", "TRIM_HORIZON")
    customer_id = _customer(api, "Kowalski Serwis", language="pl")
    before = len(ses_outbox())
    case_id = _resolved_case(api, customer_id, "Uszkodzone opakowanie")
    _drain(pump)
    mails = ses_outbox()[before:]
    assert [(m["To"], m["Subject"]) for m in mails] == [
        ("kowalski@buyer.example", "Jak nam poszło? Uszkodzone opakowanie")
    ]
    rating = [u for u in links(mails[0]) if "/feedback?token=" in u]
    assert len(rating) == 5 and "Jak bardzo" in mails[0].get_body(preferencelist=("plain",)).get_content()

    forged = path_of(rating[1])[:-2] + ("AA" if not path_of(rating[1]).endswith("AA") else "BB")
    refused = api("GET", forged, role=None)
    assert refused.status_code == 400 and "cannot be used" in refused.body.decode()
    two = api("GET", path_of(rating[1]), role=None)  # one click on "2"
    page = two.body.decode()
    assert two.status_code == 200 and "Twoja ocena: 2 z 5" in page and 'lang="pl"' in page
    assert api("GET", path_of(rating[4]), role=None).status_code == 409  # another answer to the same survey
    comment_path = re.search(r'action="([^"]+)"', page).group(1).replace("&amp;", "&")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    said = api("POST", comment_path, raw="comment=Karton+by%C5%82+mokry", role=None, headers=form)
    assert said.status_code == 200 and "otrzymaliśmy Twój komentarz" in said.body.decode()
    assert api("POST", comment_path, raw="comment=again", role=None, headers=form).status_code == 409

    assert _feedback_entries(api, customer_id) == [
        "CSAT comment: Karton był mokry",
        'CSAT: 2 of 5 for "Uszkodzone opakowanie"',
    ]
    task = api("GET", f"/tasks/fb-csat-{case_id}", role="agent").json
    assert (task["assignee"], task["kind"], task["status"]) == ("agent@crm.local", "call", "open")
    assert (
        task["subject"] == 'Call back: CSAT 2 of 5 on "Uszkodzone opakowanie"' and task["related"]["case_id"] == case_id
    )

    api("POST", f"/cases/{case_id}/status", {"status": "open"}, role="agent")  # reopened and resolved again
    api("POST", f"/cases/{case_id}/status", {"status": "resolved"}, role="agent")
    _drain(pump)
    _drain(StreamPump(aws["stack"], "CaseFeedbackFunction", "CrmTable", "TRIM_HORIZON"))  # and redelivered
    assert len(ses_outbox()) == before + 1  # asked once per case

    exported = api("GET", f"/customers/{customer_id}/export", role="admin").json["feedback"]
    assert [(f["kind"], f["score"], f["comment"]) for f in exported] == [("csat", 2, "Karton był mokry")]
    erased = api("POST", f"/customers/{customer_id}/erase", {"confirm": customer_id, "reason": "art. 17"}, role="admin")
    assert erased.status_code == 200, erased.json
    from crm.feedback.repository import find_survey

    kept = find_survey(f"csat-{case_id}")
    assert kept is not None and (kept.score, kept.comment) == (2, None)  # the score stays for the statistics


def test_a_good_rating_opens_no_task_and_bad_input_is_named(api, aws):
    pump = StreamPump(aws["stack"], "CaseFeedbackFunction", "CrmTable", "TRIM_HORIZON")
    customer_id = _customer(api, "Happy Parts GmbH")
    before = len(ses_outbox())
    case_id = _resolved_case(api, customer_id, "Invoice address change")
    _drain(pump)
    mail = ses_outbox()[before]
    assert mail["Subject"] == "How did we do? Invoice address change"
    five = [u for u in links(mail) if "/feedback?token=" in u][4]
    assert "You rated us 5 of 5." in api("GET", path_of(five), role=None).body.decode()
    assert api("GET", f"/tasks/fb-csat-{case_id}", role="agent").status_code == 404
    assert api("GET", "/feedback", role=None).status_code == 400  # no token: the field is named
    assert "token" in api("GET", "/feedback", role=None).json["fields"]


def test_the_post_call_rating_lands_on_the_timeline_and_never_fails_the_call(api, aws, monkeypatch):
    ivr = handler(aws["stack"], "IvrFunction")
    customer_id = _customer(api, "Nowak Hurt")
    attrs = {"crm_customer_id": customer_id, "crm_agent": "agent@crm.local", "crm_prompt_lang": "pl"}

    def rate(digits: str, contact: str = "call-1", extra: dict | None = None) -> dict:
        event = call("+48225550177", contact_id=contact, parameters={"intent": "survey", "digits": digits})
        event["Details"]["ContactData"]["Attributes"] = {**attrs, **(extra or {})}
        return ivr(event, Context("IvrFunction"))

    wrong = rate("9")
    assert wrong["crm_result"] == "invalid" and "od 1 do 5" in wrong["prompt"]
    assert rate("4")["crm_result"] == "recorded" and rate("4")["crm_result"] == "recorded"  # the hook ran twice
    assert _feedback_entries(api, customer_id) == ["Call rating: 4 of 5"]
    assert rate("1", contact="call-2")["prompt"].startswith("<speak>Dziękujemy za ocenę")
    task = api("GET", "/tasks/fb-call-call-2", role="agent").json
    assert task["subject"] == "Call back: Call rating 1 of 5" and task["related"]["contact_id"] == "call-2"
    assert rate("3", extra={"crm_customer_id": ""})["crm_result"] == "unknown_caller"

    def table_down(*args, **kwargs):
        raise ConnectionError("the table is unreachable")

    monkeypatch.setattr("crm.feedback.answers._record", table_down)
    down = rate("5", contact="call-3")
    assert down["crm_result"] == "fallback" and "<speak>" in down["prompt"]  # a polite prompt, the call goes on


def test_an_nps_campaign_to_a_segment_mails_eleven_links_and_a_detractor_gets_a_call(api, aws):
    promoter = _customer(api, "Promoter Tools", tags=["nps-q4"], consent={"email_marketing": True})
    detractor = _customer(api, "Detractor Metall", tags=["nps-q4"], consent={"email_marketing": True})
    _customer(api, "Silent Works", tags=["nps-q4"], consent={"email_marketing": False})  # no consent: not asked
    made = api(
        "POST", "/campaigns", {"name": "NPS Q4", "template": "nps_survey", "segment": {"tag": "nps-q4"}}, role="manager"
    )
    assert made.status_code == 201, made.json
    before = len(ses_outbox())
    launched = api("POST", f"/campaigns/{made.json['campaign_id']}/launch", role="manager").json
    assert (launched["queued"], launched["no_consent"]) == (2, 1)
    deliver_campaign_queue(aws)
    mails = {m["To"]: m for m in ses_outbox()[before:]}
    assert set(mails) == {"promoter@buyer.example", "detractor@buyer.example"}
    mail = mails["detractor@buyer.example"]
    assert mail["Subject"] == "Would you recommend us, Detractor Metall?" and "List-Unsubscribe" in mail
    tracked = links(mail)  # the campaign's click tracking wraps each rating link
    rate_links = [u for u in links(mail, "plain") if "/feedback?token=" in u]
    assert len(rate_links) == 11 and len(tracked) >= 11
    assert "3 of 10" in api("GET", path_of(rate_links[3]), role=None).body.decode()
    assert (
        "10 of 10"
        in api(
            "GET",
            path_of([u for u in links(mails["promoter@buyer.example"], "plain") if "/feedback?" in u][10]),
            role=None,
        ).body.decode()
    )
    assert _feedback_entries(api, detractor) == ["NPS: 3 of 10"]
    assert _feedback_entries(api, promoter) == ["NPS: 10 of 10"]
    owner_tasks = api("GET", f"/tasks/fb-nps-{made.json['campaign_id']}-{detractor}", role="sales").json
    assert (
        owner_tasks["subject"] == "Call back: NPS 3 of 10"
        and owner_tasks["related"]["campaign_id"] == made.json["campaign_id"]
    )
    assert api("GET", f"/tasks/fb-nps-{made.json['campaign_id']}-{promoter}", role="sales").status_code == 404
