"""The IVR prompt catalog: SSML per language (English and Polish), filled with escaped values."""

from __future__ import annotations

from html import escape as _escape

PROMPTS: dict[str, dict[str, str]] = {
    "en": {
        "verify": "For your security, please enter your PIN or your postcode, followed by the hash key.",
        "verified": "Thank you, {name}. You are verified.",
        "wrong": "That did not match. You have {left} more attempts.",
        "locked": "Too many attempts. Self-service is locked for {minutes} minutes. Please hold for an agent.",
        "need_verify": "Please verify yourself first.",
        "order_status": "Order {number} is {status}. The total is {amount} {currency}.",
        "order_unknown": "I could not find order {number} on your account.",
        "case_status": "Your case {subject} is {status}. It is handled by {owner}.",
        "no_case": "You have no open case with us.",
        "balance": "Your last invoice is {number} of {amount} {currency}. The open balance is {due} {currency}.",
        "no_invoice": "There is no invoice on your account yet.",
        "hours": "We are open {hours}, {timezone} time.",
        "callback": "Thank you. We will call you back at {when}.",
        "unknown": "Sorry, I did not understand that.",
        "fallback": "Sorry, our system is busy. Please hold, an agent will help you.",
        "survey_thanks": "Thank you for your rating. Goodbye.",
        "survey_invalid": "Please rate the call with a number from 1 to 5.",
        "ask_order": "Which order? Please give me the invoice number.",
        "ask_subject": "What is it about? One sentence is enough.",
        "case_opened": "Thank you. I opened a case: {subject}. We will get back to you.",
        "faq_none": "I did not find an answer to that. Shall I connect you with a person?",
        "handoff": "I am connecting you with a colleague. They can see what we talked about.",
        "no_account": "I could not find your account. A colleague will help you.",
    },
    "pl": {
        "verify": "Dla bezpieczeństwa wprowadź swój PIN lub kod pocztowy i zatwierdź krzyżykiem.",
        "verified": "Dziękujemy, {name}. Weryfikacja zakończona.",
        "wrong": "Dane się nie zgadzają. Pozostało prób: {left}.",
        "locked": "Zbyt wiele prób. Obsługa automatyczna jest zablokowana na {minutes} minut. "
        "Prosimy czekać na konsultanta.",
        "need_verify": "Najpierw prosimy o weryfikację.",
        "order_status": "Zamówienie {number} ma status {status}. Kwota wynosi {amount} {currency}.",
        "order_unknown": "Nie znaleźliśmy zamówienia {number} na Twoim koncie.",
        "case_status": "Twoje zgłoszenie {subject} ma status {status}. Zajmuje się nim {owner}.",
        "no_case": "Nie masz otwartego zgłoszenia.",
        "balance": "Ostatnia faktura to {number} na kwotę {amount} {currency}. Do zapłaty pozostało {due} {currency}.",
        "no_invoice": "Na Twoim koncie nie ma jeszcze faktury.",
        "hours": "Jesteśmy dostępni {hours}, czasu {timezone}.",
        "callback": "Dziękujemy. Oddzwonimy {when}.",
        "unknown": "Przepraszamy, nie zrozumieliśmy.",
        "fallback": "Przepraszamy, system jest zajęty. Prosimy czekać na konsultanta.",
        "survey_thanks": "Dziękujemy za ocenę. Do widzenia.",
        "survey_invalid": "Oceń rozmowę cyfrą od 1 do 5.",
        "ask_order": "Którego zamówienia dotyczy pytanie? Podaj numer faktury.",
        "ask_subject": "Czego dotyczy sprawa? Wystarczy jedno zdanie.",
        "case_opened": "Dziękujemy. Założyliśmy zgłoszenie: {subject}. Odezwiemy się.",
        "faq_none": "Nie znalazłem odpowiedzi. Czy połączyć Cię z konsultantem?",
        "handoff": "Łączę z konsultantem. Zobaczy, o czym rozmawialiśmy.",
        "no_account": "Nie znalazłem Twojego konta. Pomoże Ci konsultant.",
    },
}
STATUS_WORDS = {
    "pl": {
        "placed": "przyjęte",
        "paid": "opłacone",
        "shipped": "wysłane",
        "delivered": "dostarczone",
        "cancelled": "anulowane",
        "returned": "zwrócone",
        "draft": "robocze",
        "new": "nowe",
        "open": "otwarte",
        "pending": "oczekujące",
        "resolved": "rozwiązane",
        "closed": "zamknięte",
    },
}


def escape(text: str) -> str:
    """&, < and > as XML entities (SSML is XML); html's escape without quotes does exactly that and, unlike
    xml.sax.saxutils, does not import urllib.request into the ACD's cold start."""
    return _escape(text, quote=False)


def language_of(value: str | None) -> str:
    lang = (value or "en")[:2].lower()
    return lang if lang in PROMPTS else "en"


def say(key: str, lang: str, **values: object) -> str:
    words = STATUS_WORDS.get(lang, {})
    filled = {k: escape(str(words.get(str(v), v))) for k, v in values.items()}
    return f"<speak>{escape(PROMPTS[lang][key]).format(**filled)}</speak>"
