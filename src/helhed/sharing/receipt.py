"""A sharing record as an ISO/IEC TS 27560:2023 consent receipt (JSON), in the field names of the W3C DPV
profile of 27560 (dpv-27560): metadata, the parties, the processing, and the events of the consent.

A pure function of the record: it never queries more than the record's own relations, and it never
includes the CPR number (the citizen is identified by Helhed's id, which means nothing outside it).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from helhed.sharing.models import Basis, SharingRecord

SCHEMA = "ISO/IEC TS 27560:2023"
LEGAL_BASIS_CONSENT = "GDPR Art. 6(1)(a) and 9(2)(a): explicit consent"


def _status(record: SharingRecord) -> str:
    if record.ended_on is not None and record.ended_on <= timezone.localdate():
        return "withdrawn" if record.basis == Basis.CONSENT else "ended"
    return "given" if record.basis == Basis.CONSENT else "in_force"


def receipt_27560(record: SharingRecord, *, controller: str) -> dict[str, Any]:
    events: list[dict[str, Any]] = [{
        "event_time": record.valid_from.isoformat(),
        "event_type": "consent_given" if record.basis == Basis.CONSENT else "statutory_sharing_recorded",
        "event_by": "data_subject" if record.basis == Basis.CONSENT else "controller",
        "collection_method": record.method or None,
        "recorded_by": str(record.recorded_by),
        "recorded_at": record.created_at.isoformat(),
    }]
    if record.ended_on is not None:
        events.append({
            "event_time": record.ended_on.isoformat(),
            "event_type": "consent_withdrawn" if record.basis == Basis.CONSENT else "statutory_sharing_ended",
            "recorded_by": str(record.ended_by) if record.ended_by else None,
            "note": record.end_note or None,
        })
    return {
        "schema_version": SCHEMA,
        "record_id": str(record.record_id),
        "record_type": "receipt",
        "pii_principal_id": f"helhed:citizen:{record.citizen_id}",
        "record_created": record.created_at.isoformat(),
        "consent_status": _status(record),
        "pii_controllers": [{"name": controller}],
        "processing": [{
            "purposes": [record.purpose],
            "pii_categories": record.scope_list,
            "legal_basis": LEGAL_BASIS_CONSENT if record.basis == Basis.CONSENT else record.legal_paragraph,
            "recipients": {
                "units": [{"id": u.pk, "name": u.name, "sector": u.sector}
                          for u in record.recipient_units.all()],
                "sectors": record.sector_list,
                "relatives": [{"id": p.pk, "name": p.name, "relation": p.role}
                              for p in record.recipient_people.all()],
            },
        }],
        "events": events,
    }
