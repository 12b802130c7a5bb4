"""Staff and statistics pages of the mailbox, supervision and reports apps speak the chosen
language: Chinese by default, English once the language cookie says so (docs/i18n.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def office(gov):
    """A supervisor of the general office: sees the mailbox queue, scoreboard and reports."""
    from gongkai.orgs.roles import Role
    from gongkai.orgs.testing import make_staff

    return make_staff("i18n_supervisor", gov, Role.SUPERVISOR)


def _both(client, url: str, params: dict | None = None) -> tuple[str, str]:
    chinese = client.get(url, params or {})
    assert chinese.status_code == 200
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url, params or {})
    assert english.status_code == 200
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    return chinese.content.decode(), english.content.decode()


# (Chinese, English) pairs each page must show in its language and not in the other.
STAFF_PAGES = [
    pytest.param(
        "mailbox_admin:queue",
        {"tab": "all"},
        [
            ("办理情况统计", "Handling figures"),
            ("标题或查询码", "Title or tracking code"),
            ("没有符合条件的来信。", "No letters match."),
            ("待办理", "To handle"),  # a queue tab label built in Python
        ],
        id="mailbox-letter-list",
    ),
    pytest.param(
        "mailbox_admin:figures",
        {},
        [
            ("信箱办理情况统计", "Mailbox handling figures"),
            ("按期率", "On-time rate"),
            ("该期间没有来信。", "No letters in this period."),
        ],
        id="mailbox-figures",
    ),
    pytest.param(
        "supervision_scoreboard",
        {"period": "2024-Q1"},
        [
            ("2024年第1季度", "Q1 2024"),  # the period label built in Python
            ("数据截至", "data as of"),
        ],
        id="supervision-scoreboard",
    ),
    pytest.param(
        "reports_admin:index",
        {"year": "2024"},
        [
            ("报告年度", "Report year"),
            ("复议诉讼纠错率", "Correction rate in review and litigation"),
            ("发布期限", "Publication deadline"),
        ],
        id="reports-index",
    ),
]


@pytest.mark.parametrize(("name", "params", "pairs"), STAFF_PAGES)
def test_staff_pages_are_chinese_by_default_and_english_once_chosen(
    client, office, name, params, pairs
):
    client.force_login(office)
    chinese, english = _both(client, reverse(name), params)
    for zh, en in pairs:
        assert zh in chinese, zh
        assert en not in chinese, en
        assert en in english, en
        assert zh not in english, zh


def test_the_public_statistics_page_follows_the_chosen_language(client, gov):
    chinese, english = _both(client, reverse("supervision:stats"), {"year": "2024"})
    for zh, en in [
        ("2024年政务公开数据统计", "Government transparency figures for 2024"),
        ("全市合计", "City total"),
        ("按时办结率（%）", "On-time rate (%)"),  # a column label that stays Chinese in the CSV
    ]:
        assert zh in chinese and en not in chinese, zh
        assert en in english and zh not in english, en
    csv = client.get(reverse("supervision:stats_csv"), {"year": "2024"})
    assert "按时办结率（%）" in csv.content.decode("utf-8-sig")


def test_role_labels_follow_the_language_but_group_names_stay_chinese():
    from gongkai.orgs.roles import Role, group_name, role_label

    assert role_label(Role.REVIEWER) == "保密审查员"
    with translation.override("en"):
        assert role_label(Role.REVIEWER) == "Confidentiality reviewer"
        assert role_label(Role.SIGNER) == "Signing official"
        assert group_name(Role.REVIEWER) == "保密审查员"
