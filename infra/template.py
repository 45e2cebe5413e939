"""Read template.yaml and resolve the intrinsic functions the local stack needs (Ref, Sub, GetAtt, Join, If,
Select, Split and the template's Conditions)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
ACCOUNT_ID = "123456789012"


def load(path: Path = TEMPLATE) -> dict[str, Any]:
    return yaml_parse(path.read_text())


class Resolver:
    """Resolves intrinsics against parameter values and the physical ids of created resources."""

    def __init__(self, template: dict[str, Any], stack_name: str, region: str, params: dict[str, str] | None = None):
        self.template = template
        self.pseudo = {
            "AWS::StackName": stack_name,
            "AWS::Region": region,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
        self.params = {
            name: str((params or {}).get(name, spec.get("Default", "")))
            for name, spec in template.get("Parameters", {}).items()
        }
        self.physical: dict[str, str] = {}
        self.attributes: dict[str, dict[str, str]] = {}

    def ref(self, name: str) -> str:
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.params:
            return self.params[name]
        if name in self.physical:
            return self.physical[name]
        if name in self.template.get("Resources", {}):  # not emulated locally (functions, roles, secrets...)
            return f"{self.pseudo['AWS::StackName']}-{name}"
        raise KeyError(f"Ref {name}: not a parameter or a created resource")

    # ARNs of resources moto does not create, so environment variables that name them still resolve locally.
    _ARNS = {
        "AWS::Serverless::Function": "arn:aws:lambda:{region}:{account}:function:{name}",
        "AWS::IAM::Role": "arn:aws:iam::{account}:role/{name}",
        "AWS::Kinesis::Stream": "arn:aws:kinesis:{region}:{account}:stream/{name}",
    }

    _IDS = {("AWS::Lex::BotAlias", "BotAliasId"), ("AWS::Lex::BotVersion", "BotVersion")}

    def get_att(self, name: str, attr: str) -> str:
        if attr in self.attributes.get(name, {}):
            return self.attributes[name][attr]
        rtype = self.template.get("Resources", {}).get(name, {}).get("Type")
        if attr == "Arn" and rtype in self._ARNS:
            return self._ARNS[rtype].format(region=self.pseudo["AWS::Region"], account=ACCOUNT_ID, name=self.ref(name))
        if (rtype, attr) in self._IDS:  # ids of resources served in-process (the Lex bot's alias)
            return f"{self.pseudo['AWS::StackName']}-{name}"
        raise KeyError(f"GetAtt {name}.{attr}: not known locally")

    def condition(self, name: str) -> bool:
        return bool(self._cond(self.template.get("Conditions", {})[name]))

    def _cond(self, value: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Fn::Not":
                return not self._cond(arg[0])
            if key == "Fn::Equals":
                return self.resolve(arg[0]) == self.resolve(arg[1])
            if key == "Fn::And":
                return all(self._cond(a) for a in arg)
            if key == "Fn::Or":
                return any(self._cond(a) for a in arg)
            if key == "Condition":
                return self.condition(arg)
        return self.resolve(value)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                name, attr = arg.split(".", 1) if isinstance(arg, str) else arg
                return self.get_att(name, attr)
            if key == "Fn::Sub":
                text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))
                out = re.sub(r"\$\{([^}!]+)\}", lambda m: self._sub_var(m.group(1), extra), text)
                return out.replace("${!", "${")  # ${!Literal} is CloudFormation's escape for a literal ${Literal}
            if key == "Fn::Join":
                sep, items = arg
                return sep.join(str(i) for i in self.resolve(items))
            if key == "Fn::If":
                name, when_true, when_false = arg
                return self.resolve(when_true if self.condition(name) else when_false)
            if key == "Fn::Select":
                index, items = arg
                return self.resolve(items)[int(self.resolve(index))]
            if key == "Fn::Split":
                sep, text = arg
                return str(self.resolve(text)).split(sep)
        return {k: self.resolve(v) for k, v in value.items()}

    def _sub_var(self, name: str, extra: dict[str, Any]) -> str:
        if name in extra:
            return str(extra[name])
        if "." in name:
            return self.get_att(*name.split(".", 1))
        return self.ref(name)


def resources_of_type(template: dict[str, Any], *types: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template.get("Resources", {}).items() if v.get("Type") in types}


def function_environment(template: dict[str, Any], logical_id: str, resolver: Resolver) -> dict[str, str]:
    """A function's environment as SAM would deploy it: Globals merged with the function's own variables."""
    glob = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    props = template["Resources"][logical_id].get("Properties", {})
    own = props.get("Environment", {}).get("Variables", {})
    return {k: str(resolver.resolve(v)) for k, v in {**glob, **own}.items()}


def api_functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The functions that serve the REST API (those with Api events), by logical id."""
    return {
        name: res
        for name, res in resources_of_type(template, "AWS::Serverless::Function").items()
        if any(e.get("Type") == "Api" for e in (res["Properties"].get("Events") or {}).values())
    }


def served_route_modules(function: dict[str, Any]) -> tuple[str, ...]:
    """The route modules an API function serves: its API_ROUTES variable (functions/api/app.py reads the same)."""
    routes = function["Properties"]["Environment"]["Variables"]["API_ROUTES"]
    return tuple(name.strip() for name in str(routes).split(",") if name.strip())


def api_routes(template: dict[str, Any], function_logical_id: str) -> set[tuple[str, str]]:
    """(METHOD, path) of every Api event of a function."""
    events = template["Resources"][function_logical_id]["Properties"].get("Events", {})
    return {
        (e["Properties"]["Method"].upper(), e["Properties"]["Path"]) for e in events.values() if e.get("Type") == "Api"
    }
