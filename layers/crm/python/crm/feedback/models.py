"""Survey items in the single table (keys: repository.py and docs/access-patterns.md).

SURVEY#<id>  SURVEY   one question asked (CSAT of a case, NPS of a campaign, a call's rating) and its answer
                      gsi1 FEEDBACK#<kind>#<yyyy-mm> / <answered_at>#<id>   (sparse: answered, by month)
                      gsi2 CASEFEEDBACK#<case> / <id>                       (a case's CSAT)
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from crm.db import CrmItem


class Survey(CrmItem, discriminator="survey"):
    survey_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # csat | nps | call
    customer_id = UnicodeAttribute()
    case_id = UnicodeAttribute(null=True)
    campaign_id = UnicodeAttribute(null=True)
    contact_id = UnicodeAttribute(null=True)
    follow_up_owner = UnicodeAttribute(null=True)  # who calls back after a low score
    subject = UnicodeAttribute(null=True)  # the case's subject
    case_category = UnicodeAttribute(null=True)
    case_priority = UnicodeAttribute(null=True)
    lang = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(null=True)  # email | sms | phone | none (no address to ask)
    asked_at = UnicodeAttribute(null=True)
    score = NumberAttribute(null=True)
    answered_at = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)
    follow_up_task = UnicodeAttribute(null=True)
