"""tests/iam_observed.py records each route's AWS calls under the function that serves it and finds what a
policy lacks; these tests show it does both (the session's end then checks every function's policy)."""

from __future__ import annotations

import copy

from tests import iam_observed


def test_each_routes_aws_calls_are_recorded_under_the_function_serving_it(api):
    assert api("GET", "/admin/users", role="admin").status_code == 200
    assert ("cognito-idp:ListUsers", "") in iam_observed.SEEN["ApiPlatformFunction"]
    assert api("GET", "/customers", role="sales").status_code == 200
    assert ("dynamodb:Query", "CrmTable") in iam_observed.SEEN["ApiCustomersFunction"]
    assert not any(a.startswith("cognito-idp:") for a, _ in iam_observed.SEEN["ApiCustomersFunction"])


def test_an_action_missing_from_a_functions_policy_is_reported(api, aws):
    assert api("GET", "/admin/users", role="admin").status_code == 200
    assert "ApiPlatformFunction" not in iam_observed.missing(aws["stack"].template)
    narrowed = copy.deepcopy(aws["stack"].template)
    statements = narrowed["Resources"]["ApiPlatformFunction"]["Properties"]["Policies"][0]["Statement"]
    statements[:] = [s for s in statements if s["Sid"] != "AdministerUsers"]
    assert ("cognito-idp:ListUsers", "") in iam_observed.missing(narrowed)["ApiPlatformFunction"]
