"""The six kinds of applicant the 2021 report format counts (the columns of section 三)."""

from __future__ import annotations

from django.db import models


class ApplicantType(models.TextChoices):
    """The six applicant columns of the annual report (section 三); keys as in the spec."""

    NATURAL_PERSON = "natural_person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"
