"""The default texts of the feedback surveys (crm.feedback sends them; a stored template of the same name and
language replaces one): the CSAT request after a case is resolved, with five one-click rating links, and the NPS
question of a campaign, with eleven."""

from __future__ import annotations

_STARS = " ".join(f'<a href="{{rate_{n}}}">{n}</a>' for n in range(1, 6))
_NPS = " ".join(f'<a href="{{rate_{n}}}">{n}</a>' for n in range(0, 11))
_STAR_LINES = "\n".join(f"{n}: {{rate_{n}}}" for n in range(1, 6))
_NPS_LINES = "\n".join(f"{n}: {{rate_{n}}}" for n in range(0, 11))

SURVEY_TEMPLATES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("csat_request", "en"): (
        "How did we do? {case_subject}",
        'Hello {first_name},\n\nyour request "{case_subject}" is resolved. How satisfied are you, from 1 (not at '
        f"all) to 5 (very)? One click answers:\n{_STAR_LINES}\n",
        "<p>Hello {first_name},</p><p>your request <b>{case_subject}</b> is resolved. How satisfied are you, from 1 "
        f"(not at all) to 5 (very)?</p><p>{_STARS}</p>",
    ),
    ("csat_request", "pl"): (
        "Jak nam poszło? {case_subject}",
        'Dzień dobry {first_name},\n\nTwoje zgłoszenie "{case_subject}" zostało rozwiązane. Jak bardzo jesteś '
        f"zadowolony, od 1 (wcale) do 5 (bardzo)? Wystarczy jedno kliknięcie:\n{_STAR_LINES}\n",
        "<p>Dzień dobry {first_name},</p><p>Twoje zgłoszenie <b>{case_subject}</b> zostało rozwiązane. Jak bardzo "
        f"jesteś zadowolony, od 1 (wcale) do 5 (bardzo)?</p><p>{_STARS}</p>",
    ),
    ("nps_survey", "en"): (
        "Would you recommend us, {first_name}?",
        "Hello {first_name},\n\nhow likely are you to recommend us to a friend or colleague, from 0 (not at all) "
        f"to 10 (extremely)? One click answers:\n{_NPS_LINES}\n",
        "<p>Hello {first_name},</p><p>how likely are you to recommend us to a friend or colleague, from 0 (not at "
        f"all) to 10 (extremely)?</p><p>{_NPS}</p>",
    ),
    ("nps_survey", "pl"): (
        "Czy polecisz nas, {first_name}?",
        "Dzień dobry {first_name},\n\njak bardzo prawdopodobne jest, że polecisz nas znajomemu, od 0 (wcale) do 10 "
        f"(na pewno)? Wystarczy jedno kliknięcie:\n{_NPS_LINES}\n",
        "<p>Dzień dobry {first_name},</p><p>jak bardzo prawdopodobne jest, że polecisz nas znajomemu, od 0 (wcale) "
        f"do 10 (na pewno)?</p><p>{_NPS}</p>",
    ),
}
