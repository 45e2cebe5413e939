"""Amazon Lex V2's runtime for the local stack and the tests (moto has none): RecognizeText on this machine,
with the bot template.yaml declares. An utterance is matched to the intent whose sample utterances share the
most words with it (Lex's NLU, much simplified), the slot a turn asked for takes the next text, and the alias's
code hook — ChatbotFunction's handler — is invoked in-process with Lex V2's code hook event, as Lex would. The
session (intent in progress, slot asked for, session attributes) lives in memory per session id. Deployed code
calls the real Lex; nothing here ships.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from infra.functions import Context, handler
from infra.provision import Stack

_WORD = re.compile(r"\w+", re.UNICODE)
PATH = re.compile(r"^/bots/[^/]+/botAliases/[^/]+/botLocales/(?P<locale>[^/]+)/sessions/(?P<session>[^/]+)/text$")


def code_hook_event(
    intent: str,
    slots: dict[str, str | None],
    attributes: dict[str, str],
    *,
    transcript: str = "",
    session: str = "chat-1",
    locale: str = "en_US",
    source: str = "DialogCodeHook",
    request_attributes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Lex V2's code hook event (messageVersion 1.0, as AWS documents it) for one turn; a slot not filled is null."""
    values = {
        name: None
        if value is None
        else {
            "value": {"originalValue": value, "interpretedValue": value, "resolvedValues": [value]},
            "shape": "Scalar",
        }
        for name, value in slots.items()
    }
    state = {"name": intent, "slots": values, "state": "InProgress", "confirmationState": "None"}
    return {
        "messageVersion": "1.0",
        "invocationSource": source,
        "inputMode": "Text",
        "responseContentType": "text/plain; charset=utf-8",
        "sessionId": session,
        "inputTranscript": transcript,
        "invocationLabel": None,
        "bot": {
            "id": "BOT1",
            "name": "crm-chatbot",
            "localeId": locale,
            "version": "1",
            "aliasId": "A1",
            "aliasName": "live",
        },
        "interpretations": [{"intent": state, "nluConfidence": 0.9, "interpretationSource": "Lex"}],
        "proposedNextState": None,
        "requestAttributes": request_attributes or {},
        "sessionState": {
            "activeContexts": [],
            "sessionAttributes": attributes,
            "runtimeHints": {},
            "dialogAction": None,
            "intent": state,
            "originatingRequestId": "local",
        },
        "transcriptions": [{"transcription": transcript, "transcriptionConfidence": 1}],
    }


class LocalLex:
    """The template's bot: intents per locale with their sample utterances and slots, and the sessions."""

    def __init__(self, stack: Stack) -> None:
        bot = next(r for r in stack.template["Resources"].values() if r.get("Type") == "AWS::Lex::Bot")
        self.intents: dict[str, dict[str, tuple[list[set[str]], list[str]]]] = {}
        for loc in bot["Properties"]["BotLocales"]:
            self.intents[loc["LocaleId"]] = {
                i["Name"]: (
                    [
                        set(_WORD.findall(re.sub(r"{\w+}", "", u["Utterance"]).lower()))
                        for u in i.get("SampleUtterances", [])
                    ],
                    [s["Name"] for s in i.get("Slots", [])],
                )
                for i in loc["Intents"]
                if i["Name"] != "FallbackIntent"
            }
        self.stack = stack  # the code hook is imported at the first message: after the environment is set
        self.sessions: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()

    def _classify(self, locale: str, text: str) -> str:
        words = set(_WORD.findall(text.lower()))
        best, score = "FallbackIntent", 0.0
        for name, (utterances, _) in self.intents.get(locale, {}).items():
            for u in utterances:
                s = len(words & u) / max(len(u), 1)
                if s > score:
                    best, score = name, s
        return best if score >= 0.5 else "FallbackIntent"

    def recognize(
        self,
        locale: str,
        session_id: str,
        text: str,
        request_attributes: dict[str, str],
        session_attributes: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """One turn; `session_attributes` are what the caller sent in sessionState (Connect's LexSessionAttributes),
        laid over the session's own, as Lex does."""
        with self.lock:
            s = self.sessions.setdefault(session_id, {"intent": None, "slots": {}, "elicit": None, "attributes": {}})
            s["attributes"] = {**s["attributes"], **(session_attributes or {})}
            if s["intent"] and s["elicit"]:
                s["slots"][s["elicit"]] = text
            else:
                s["intent"] = self._classify(locale, text)
                names = self.intents.get(locale, {}).get(s["intent"], ([], []))[1]
                s["slots"] = {n: None for n in names}
                numbers = [w for w in re.findall(r"\d[\d-]*\d", text) if sum(ch.isdigit() for ch in w) >= 4]
                if "OrderNumber" in s["slots"] and numbers:
                    s["slots"]["OrderNumber"] = numbers[0]
            event = code_hook_event(
                s["intent"],
                dict(s["slots"]),
                dict(s["attributes"]),
                transcript=text,
                session=session_id,
                locale=locale,
                request_attributes=request_attributes,
            )
            answer = handler(self.stack, "ChatbotFunction")(event, Context("ChatbotFunction"))
            state = answer["sessionState"]
            s["attributes"] = state.get("sessionAttributes") or {}
            action = state.get("dialogAction") or {}
            s["elicit"] = action.get("slotToElicit") if action.get("type") == "ElicitSlot" else None
            if not s["elicit"]:
                s["intent"], s["slots"] = None, {}
            return {
                "messages": answer.get("messages", []),
                "sessionState": state,
                "interpretations": [{"intent": {"name": event["sessionState"]["intent"]["name"]}}],
                "requestAttributes": request_attributes,
                "sessionId": session_id,
            }


def serve(host: str, stack: Stack) -> str:
    """RecognizeText on a free port of `host` (a daemon thread); its base URL."""
    lex = LocalLex(stack)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            m = PATH.match(self.path.split("?", 1)[0])
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if not m:
                self._answer(404, {"message": "not RecognizeText"})
                return
            out = lex.recognize(
                m["locale"],
                m["session"],
                str(body.get("text", "")),
                body.get("requestAttributes") or {},
                (body.get("sessionState") or {}).get("sessionAttributes"),
            )
            self._answer(200, out)

        def _answer(self, status: int, data: dict[str, Any]) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, name="local-lex", daemon=True).start()
    return f"http://{host}:{server.server_address[1]}"
