"""Feedback routes: the public pages a survey's links open. The signed token in the link is what authorizes
them (no login): a rating link records its rating with the one click and offers a comment; a forged link, and a
second answer to the same survey, get a page that says so."""

from __future__ import annotations

import html

from chalice import Response

from chalicelib.http import Call, Routes
from crm.errors import CrmError
from crm.feedback import answers
from crm.feedback import schemas as fs

routes = Routes(__name__)
HTML: dict[str, str | list[str]] = {"Content-Type": "text/html; charset=utf-8"}
TEXTS = {
    "en": {
        "thanks": "Thank you!",
        "rated": "You rated us {score} of {max}.",
        "comment": "Anything you want to add? (optional)",
        "send": "Send",
        "noted": "Thank you, your comment reached us.",
        "refused": "This link cannot be used",
    },
    "pl": {
        "thanks": "Dziękujemy!",
        "rated": "Twoja ocena: {score} z {max}.",
        "comment": "Chcesz coś dodać? (opcjonalnie)",
        "send": "Wyślij",
        "noted": "Dziękujemy, otrzymaliśmy Twój komentarz.",
        "refused": "Tego linku nie można użyć",
    },
}


def _page(lang: str, title: str, body: str, status: int = 200) -> Response:
    page = (
        f'<!doctype html><html lang="{lang}"><meta charset=utf-8>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><main><h1>{html.escape(title)}</h1>{body}</main></html>"
    )
    return Response(body=page, status_code=status, headers=HTML)


def _refused(exc: CrmError) -> Response:
    return _page("en", TEXTS["en"]["refused"], f"<p>{html.escape(exc.message)}</p>", exc.status)


@routes.route(
    "/feedback",
    "GET",
    permission=None,
    summary="A survey's rating link: records the rating (one click, signed token) and offers a comment",
    query=fs.SurveyTokenQuery,
    produces="text/html",
)
def rate(call: Call[None, fs.SurveyTokenQuery]) -> Response:
    try:
        done = answers.answer(call.query.token)
    except CrmError as exc:
        return _refused(exc)
    t = TEXTS.get(done.lang, TEXTS["en"])
    form = (
        f"<p>{html.escape(t['rated'].format(score=done.score, max=done.scale_max))}</p>"
        f'<form method="post" action="/feedback/comment?token={html.escape(done.comment_token)}">'
        f'<label for="comment">{html.escape(t["comment"])}</label><br>'
        '<textarea id="comment" name="comment" rows="4" cols="40" maxlength="2000" required></textarea><br>'
        f"<button>{html.escape(t['send'])}</button></form>"
    )
    return _page(done.lang, t["thanks"], form)


@routes.route(
    "/feedback/comment",
    "POST",
    permission=None,
    summary="A comment after a rating (once, signed token from the rating page)",
    query=fs.SurveyTokenQuery,
    body=fs.SurveyCommentIn,
    content_type="application/x-www-form-urlencoded",
    produces="text/html",
)
def add_comment(call: Call[fs.SurveyCommentIn, fs.SurveyTokenQuery]) -> Response:
    try:
        done = answers.comment(call.query.token, call.body.comment)
    except CrmError as exc:
        return _refused(exc)
    t = TEXTS.get(done.lang, TEXTS["en"])
    return _page(done.lang, t["thanks"], f"<p>{html.escape(t['noted'])}</p>")
