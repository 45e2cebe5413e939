"""Messages staff send to one customer from a template, and the templates themselves.

A direct message goes to the customer's first email or phone in their language; consent and suppression are
respected for marketing; the send id derives from the request's Idempotency-Key, so a retry sends once."""

from __future__ import annotations

from crm.customers.public import get_customer
from crm.db import now_iso
from crm.errors import NotFound, ValidationFailed
from crm.messaging import mail, schemas
from crm.messaging.models import MessageTemplate
from crm.messaging.repository import ALL_TEMPLATES, all_templates, find_template, template_pk


def put_template(name: str, language: str, data: schemas.TemplateIn) -> schemas.TemplateOut:
    if len(language) != 2 or not language.isalpha():
        raise ValidationFailed("language is a two-letter code", {"language": "e.g. en, pl"})
    lang = language.lower()
    MessageTemplate(
        pk=template_pk(name),
        sk=lang,
        gsi1pk=ALL_TEMPLATES,
        gsi1sk=f"{name}#{lang}",
        name=name,
        language=lang,
        updated_at=now_iso(),
        **data.model_dump(),
    ).save()
    return schemas.TemplateOut(name=name, language=lang, **data.model_dump())


def send_to_customer(
    customer_id: str, m: schemas.MessageIn, actor: str, idempotency_key: str | None
) -> schemas.SendResult:
    c = get_customer(customer_id)
    marketing = m.purpose == "marketing"
    values = {"first_name": c.first_name or c.name, "name": c.name, **m.values}
    send_id = f"msg:{customer_id}:{idempotency_key}" if idempotency_key else mail.new_send_id()
    consent = c.consent
    lang = c.language or "en"
    if m.channel == "email":
        if not c.emails:
            raise ValidationFailed("the customer has no email address", {"channel": "no email"})
        result = mail.send_email(
            send_id=send_id,
            template=m.template,
            lang=lang,
            values=values,
            to=c.emails[0],
            marketing=marketing,
            consent=bool(consent and consent.email_marketing),
            customer_id=customer_id,
            actor=actor,
        )
    else:
        if not c.phones:
            raise ValidationFailed("the customer has no phone number", {"channel": "no phone"})
        result = mail.send_sms(
            send_id=send_id,
            template=m.template,
            lang=lang,
            values=values,
            to=c.phones[0],
            marketing=marketing,
            consent=bool(consent and consent.sms_marketing),
            customer_id=customer_id,
            actor=actor,
        )
    return result


def list_templates() -> schemas.TemplateList:
    """The templates staff may send, each with its languages: the saved ones (one Query) and the built-ins that
    no saved template overrides. Whether a template has an SMS text decides where the console offers it."""
    found: dict[str, schemas.TemplateSummary] = {}
    for t in all_templates():
        entry = found.setdefault(t.name, schemas.TemplateSummary(name=t.name, languages=[], subject=t.subject))
        entry.languages.append(t.language)
        entry.sms = entry.sms or bool(t.sms)
        if t.language == "en":
            entry.subject = t.subject
    for (name, lang), (subject, _, _) in mail.DEFAULT_TEMPLATES.items():
        entry = found.setdefault(name, schemas.TemplateSummary(name=name, languages=[], subject=subject, built_in=True))
        if entry.built_in and lang not in entry.languages:
            entry.languages.append(lang)
    return schemas.TemplateList(items=sorted(found.values(), key=lambda e: e.name))


def get_template(name: str, language: str) -> schemas.TemplateOut:
    found = find_template(name, language.lower())
    if found is None:
        raise NotFound(f"no template {name!r} in {language!r}", {"language": "none saved"})
    return schemas.TemplateOut(
        name=name, language=found.language, subject=found.subject, text=found.text, html=found.html, sms=found.sms
    )


def preview(p: schemas.PreviewIn) -> schemas.PreviewOut:
    """The template filled as a send fills it (mail.format: missing values blank, HTML values escaped)."""
    subject, text, html, sms = mail.fill(p.template.subject, p.template.text, p.template.html, p.template.sms, p.values)
    return schemas.PreviewOut(subject=subject, text=text, html=html, sms=sms)
