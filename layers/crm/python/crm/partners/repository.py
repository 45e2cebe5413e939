"""PRM keys and queries: the only module that spells PARTNER#, PARTNERS, DEALREG#, PARTNERREGS#, REGS#, REGKEY#,
PRMCONFIG (the key design is in models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from crm.db import decode_cursor, encode_cursor, get_or_404
from crm.partners.models import MatchKey, Partner, PrmSettings, Registration

ALL_PARTNERS = "PARTNERS"
PARTNER_SK = "PROFILE"
REG_SK = "REG"
SETTINGS_KEY = ("PRMCONFIG", "SETTINGS")


def partner_pk(partner_id: str) -> str:
    return f"PARTNER#{partner_id}"


def registration_pk(registration_id: str) -> str:
    return f"DEALREG#{registration_id}"


def load_partner(partner_id: str) -> Partner:
    return get_or_404(
        Partner, partner_pk(partner_id), PARTNER_SK, f"partner {partner_id} does not exist", {"partner_id": "unknown"}
    )


def partners_page(limit: int, cursor: str | None) -> tuple[list[Partner], str | None]:
    """Partners by name (gsi1)."""
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_PARTNERS})
    result = Partner.gsi1.query(ALL_PARTNERS, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def all_partners() -> list[Partner]:
    return list(Partner.gsi1.query(ALL_PARTNERS))


def index_registration(r: Registration) -> None:
    """Its own key; a partner's registrations by age (gsi1); the queue by status, approved ones by the end of
    their protection (gsi2, what the expiry job reads)."""
    r.pk, r.sk = registration_pk(r.registration_id), REG_SK
    r.gsi1pk, r.gsi1sk = f"PARTNERREGS#{r.partner_id}", f"{r.created_at}#{r.registration_id}"
    r.gsi2pk = f"REGS#{r.status}"
    r.gsi2sk = f"{r.protected_until if r.status == 'approved' else r.created_at}#{r.registration_id}"


def match_key(r: Registration, kind: str, value: str) -> MatchKey:
    """A registration's match key (tax id, domain, name prefix), found by gsi3 from any other registration."""
    return MatchKey(
        pk=r.pk,
        sk=f"!KEY#{kind}#{value}",
        gsi3pk=f"REGKEY#{kind}#{value}",
        gsi3sk=r.registration_id,
        registration_id=r.registration_id,
        partner_id=r.partner_id,
        kind=kind,
        value=value,
    )


def registrations_matching(kind: str, value: str) -> list[MatchKey]:
    return list(MatchKey.gsi3.query(f"REGKEY#{kind}#{value}"))


def registrations_by_id(registration_ids: list[str]) -> list[Registration]:
    """One BatchGet."""
    ids = [(registration_pk(i), REG_SK) for i in registration_ids]
    return list(Registration.batch_get(ids)) if ids else []


def load_registration(registration_id: str) -> Registration:
    return get_or_404(
        Registration,
        registration_pk(registration_id),
        REG_SK,
        f"registration {registration_id} does not exist",
        {"registration_id": "unknown"},
    )


def registrations_page(status: str, limit: int, cursor: str | None) -> tuple[list[Registration], str | None]:
    key = f"REGS#{status}"
    start = decode_cursor(cursor, expect={"gsi2pk": key})
    result = Registration.gsi2.query(key, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def partner_registrations_page(
    partner_id: str, limit: int, cursor: str | None
) -> tuple[list[Registration], str | None]:
    """A partner's own registrations, newest first."""
    key = f"PARTNERREGS#{partner_id}"
    start = decode_cursor(cursor, expect={"gsi1pk": key})
    result = Registration.gsi1.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def registrations_of(partner_id: str) -> list[Registration]:
    return list(Registration.gsi1.query(f"PARTNERREGS#{partner_id}"))


def protection_ended_by(upper: str) -> list[Registration]:
    """Approved registrations whose protection ends at or before `upper` (gsi2)."""
    return list(Registration.gsi2.query("REGS#approved", Registration.gsi2sk <= f"{upper}#~"))


def find_settings() -> PrmSettings | None:
    try:
        return PrmSettings.get(*SETTINGS_KEY)
    except DoesNotExist:
        return None
