"""The Amazon Connect flows in template.yaml, read as Connect reads them: every transition lands on an action of
the same flow, the inbound call hands a caller who stays on to the post-call survey, the survey keys its digit
into the IVR hook's `survey` intent, and a chat starts with the Lex bot and hands off to an agent with what the
bot learnt."""

from __future__ import annotations

import json
import re

from infra.template import load, resources_of_type


def _flows() -> dict[str, dict]:
    out = {}
    for name, res in resources_of_type(load(), "AWS::Connect::ContactFlow").items():
        body = res["Properties"]["Content"]
        text = body["Fn::Sub"] if isinstance(body, dict) else body
        out[name] = json.loads(re.sub(r"\$\{([A-Za-z]+)\.([A-Za-z]+)\}", r"<\1.\2>", text))
    return out


def _actions(flow: dict) -> dict[str, dict]:
    return {a["Identifier"]: a for a in flow["Actions"]}


def _targets(action: dict) -> set[str]:
    t = action.get("Transitions", {})
    branches = {x["NextAction"] for x in [*t.get("Errors", []), *t.get("Conditions", [])]}
    return branches | ({t["NextAction"]} if "NextAction" in t else set())


def test_every_transition_lands_on_an_action_of_its_flow_and_every_action_is_reached():
    flows = _flows()
    assert set(flows) == {"InboundContactFlow", "PostCallSurveyFlow", "ChatContactFlow"}
    for name, flow in flows.items():
        actions = _actions(flow)
        targets = {x for a in actions.values() for x in _targets(a)}
        assert flow["StartAction"] in actions, name
        assert targets <= set(actions), (name, targets - set(actions))
        assert set(actions) == targets | {flow["StartAction"]}, (name, set(actions) - targets)


def test_a_caller_who_stays_on_rates_the_call_through_the_ivr_hook():
    inbound, survey = _actions(_flows()["InboundContactFlow"]), _actions(_flows()["PostCallSurveyFlow"])
    hook = inbound["survey-hook"]
    assert hook["Parameters"]["EventHooks"] == {"CustomerRemaining": "<PostCallSurveyFlow.ContactFlowArn>"}
    assert "survey-hook" in _targets(inbound["set-queue"])  # set before the caller reaches the queue
    rate = survey["rate"]["Parameters"]
    assert rate["LambdaFunctionARN"] == "<IvrFunction.Arn>"
    assert rate["LambdaInvocationAttributes"] == {"intent": "survey", "digits": "$.StoredCustomerInput"}
    assert {survey["ask-en"]["Transitions"]["NextAction"], survey["ask-pl"]["Transitions"]["NextAction"]} == {"rate"}
    assert survey["thanks"]["Parameters"]["Text"] == "$.External.prompt"  # the hook's answer, in the caller's language


def test_a_chat_meets_the_bot_and_a_hand_off_carries_its_findings_to_the_agent():
    chat = _actions(_flows()["ChatContactFlow"])
    assert chat["bot"]["Parameters"]["LexV2Bot"] == {"AliasArn": "<ChatBotAlias.Arn>"}
    assert chat["wants-person"]["Parameters"]["ComparisonValue"] == "$.Lex.SessionAttributes.crm_handoff"
    carried = chat["handoff"]["Parameters"]["Attributes"]
    assert set(carried) == {"crm_customer_id", "crm_bot_log", "crm_case_id"}
    assert chat["acd"]["Parameters"]["LambdaFunctionARN"] == "<AcdFunction.Arn>"
    association = resources_of_type(load(), "AWS::Connect::IntegrationAssociation")["ChatBotConnectAssociation"]
    assert association["Properties"]["IntegrationType"] == "LEX_BOT"
