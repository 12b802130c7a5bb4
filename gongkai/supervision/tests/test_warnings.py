"""Editors are warned before a column goes stale, once per stale date."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from gongkai.supervision.models import StalenessWarning
from gongkai.supervision.services import staleness_warnings_send

from .conftest import make_item

D = dt.date


def test_editors_are_warned_once_before_a_column_goes_stale(city, finance_editor):
    make_item(city.finance, city.news, "动态", D(2024, 3, 1))
    # 12 March: 3 days left (fresh until 15 March), outside the 3-day window: no warning.
    assert staleness_warnings_send(today=D(2024, 3, 12)) == 0
    # 13 March: 2 days left: one warning to the finance editor.
    assert staleness_warnings_send(today=D(2024, 3, 13)) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["czj@example.org"]
    assert "工作动态" in mail.outbox[0].subject
    # Running again the same or the next day sends nothing more.
    assert staleness_warnings_send(today=D(2024, 3, 13)) == 0
    assert staleness_warnings_send(today=D(2024, 3, 14)) == 0
    assert StalenessWarning.objects.get().stale_from == D(2024, 3, 16)
    # Publishing moves the stale date; the next approach earns a new warning.
    make_item(city.finance, city.news, "新动态", D(2024, 3, 14))
    assert staleness_warnings_send(today=D(2024, 3, 27)) == 1
