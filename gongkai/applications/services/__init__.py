"""Writes for 依申请公开, one module per stage of an application's life.

``timeline`` (events, the statutory clock, the audit record every service writes) is shared;
``intake`` receives and numbers an application; ``handling`` moves an open one along
(correction, consultation, extension, fees, transfer, documents, archive); ``decision`` is the
reply's approval and the coded outcome; ``letters`` issues the letters to the applicant;
``publication`` turns applications into a proactive catalogue item (Art. 44).

Callers import this package, not its modules: ``services.application_conclude(...)``.
"""

from .decision import (
    application_approve_reply,
    application_conclude,
    application_return_reply,
    application_submit_reply,
    can_approve_reply,
    reply_approvers,
)
from .handling import (
    application_add_note,
    application_archive,
    application_assign,
    application_end_consultation,
    application_extend,
    application_fee,
    application_personal_data_viewed,
    application_receive_correction,
    application_record_payment,
    application_release_document,
    application_request_correction,
    application_send_fee_notice,
    application_start_consultation,
    application_transfer,
    can_approve_extension,
)
from .intake import (
    APPLICANT_FIELDS,
    CLOCK_CHANNEL,
    PROOF_KINDS,
    PROOF_MAX_BYTES,
    application_next_reference,
    application_register,
    application_submit_online,
    online_arrival_receipt_date,
    proof_check,
)
from .letters import (
    letter_context,
    letter_issue,
    letter_template_for,
    letter_template_reset,
    letter_template_save,
)
from .publication import application_publish_as_item
from .timeline import ApplicationError, application_clock, application_recompute_clock

__all__ = [
    "APPLICANT_FIELDS",
    "CLOCK_CHANNEL",
    "PROOF_KINDS",
    "PROOF_MAX_BYTES",
    "ApplicationError",
    "application_add_note",
    "application_approve_reply",
    "application_archive",
    "application_assign",
    "application_clock",
    "application_conclude",
    "application_end_consultation",
    "application_extend",
    "application_fee",
    "application_next_reference",
    "application_personal_data_viewed",
    "application_publish_as_item",
    "application_receive_correction",
    "application_record_payment",
    "application_recompute_clock",
    "application_register",
    "application_release_document",
    "application_request_correction",
    "application_return_reply",
    "application_send_fee_notice",
    "application_start_consultation",
    "application_submit_online",
    "application_submit_reply",
    "application_transfer",
    "can_approve_extension",
    "can_approve_reply",
    "letter_context",
    "letter_issue",
    "letter_template_for",
    "letter_template_reset",
    "letter_template_save",
    "online_arrival_receipt_date",
    "proof_check",
    "reply_approvers",
]
