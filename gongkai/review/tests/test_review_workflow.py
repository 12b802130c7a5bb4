"""The review workflow end to end through the services and Wagtail's workflow engine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Workflow

from gongkai.audit.models import AuditEvent
from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.services import staff_create
from gongkai.review.models import PrecheckFinding, ReviewStep
from gongkai.review.selectors import review_queue, review_record
from gongkai.review.services import finding_keep, finding_mask, item_withdraw, review_act

# 11010519491231002X: the GB 11643 standard's own example. Check digit: weighted sum of the
# first 17 digits with weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 is 167; 167 mod 11 = 2,
# and index 2 of "10X98765432" is X.
VALID_ID = "11010519491231002X"
MOBILE = "13812345678"

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    gov = Org.objects.create(code="gov", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)
    office = Org.objects.create(
        code="office", name="澜江市人民政府办公室", kind=Org.Kind.DEPARTMENT, parent=gov
    )
    dept = Org.objects.create(code="edu", name="澜江市教育局", kind=Org.Kind.DEPARTMENT, parent=gov)
    other = Org.objects.create(
        code="env", name="澜江市生态环境局", kind=Org.Kind.DEPARTMENT, parent=gov
    )
    town = Org.objects.create(
        code="town", name="澜江市青石镇人民政府", kind=Org.Kind.TOWN, parent=gov
    )
    users = {
        "editor": staff_create(org=dept, username="edu-editor", password="x", roles=[Role.EDITOR]),
        "reviewer": staff_create(
            org=dept, username="edu-reviewer", password="x", roles=[Role.REVIEWER]
        ),
        "signer": staff_create(org=dept, username="edu-signer", password="x", roles=[Role.SIGNER]),
        "other_reviewer": staff_create(
            org=other, username="env-reviewer", password="x", roles=[Role.REVIEWER]
        ),
        "supervisor": staff_create(
            org=office, username="office-sup", password="x", roles=[Role.SUPERVISOR]
        ),
        "town_editor": staff_create(
            org=town, username="town-editor", password="x", roles=[Role.EDITOR]
        ),
    }
    category = Category.objects.create(org=dept, name="工作动态类", slug="news")
    town_category = Category.objects.create(org=town, name="工作动态类", slug="news")
    return {
        "dept": dept,
        "town": town,
        "category": category,
        "town_category": town_category,
        **users,
    }


def submit(item, user):
    item.save_revision(user=user)
    workflow = item.get_workflow()
    assert workflow is not None and workflow.name == "保密审查与签发"
    workflow.start(item, user)
    item.refresh_from_db()
    return item


def make_item(city, body, org_key="dept", category_key="category"):
    return CatalogueItem.objects.create(
        org=city[org_key],
        category=city[category_key],
        title="关于2025年秋季学期学生资助名单的公示",
        formed_on=dt.date(2025, 9, 1),
        body=body,
        live=False,
    )


def test_it_flags_id_and_phone_then_publishes_only_masked_values(city):
    item = make_item(city, f"<p>学生张三，身份证号{VALID_ID}，联系电话{MOBILE}。</p>")
    submit(item, city["editor"])

    findings = list(item.precheck_findings.order_by("id"))
    assert [f.kind for f in findings] == ["id_number", "mobile"]
    assert findings[0].masked_value == "110***********002X"
    # The finding itself must not store the raw value.
    assert VALID_ID not in findings[0].masked_value and MOBILE not in findings[1].masked_value

    task = item.current_workflow_task.specific
    assert task.step == ReviewStep.REVIEW
    # Until the findings are resolved, the reviewer may only send it back.
    assert [a[0] for a in task.get_actions(item, city["reviewer"])] == ["reject"]
    assert task.get_actions(item, city["other_reviewer"]) == []
    assert task.get_actions(item, city["editor"]) == []
    with pytest.raises(PermissionDenied):
        review_act(
            task_state=item.current_workflow_task_state.specific,
            user=city["reviewer"],
            action="approve",
            opinion="同意",
            basis="",
        )

    for finding in findings:
        finding_mask(finding=finding, user=city["reviewer"])
    assert not item.precheck_findings.filter(resolution=PrecheckFinding.Resolution.OPEN).exists()

    review_act(
        task_state=item.current_workflow_task_state.specific,
        user=city["reviewer"],
        action="approve",
        opinion="已遮盖个人信息，同意公开。",
        basis="条例第十五条",
    )
    item.refresh_from_db()
    assert item.current_workflow_task.specific.step == ReviewStep.SIGNOFF
    with pytest.raises(PermissionDenied):
        review_act(
            task_state=item.current_workflow_task_state.specific,
            user=city["reviewer"],
            action="approve",
            opinion="同意",
            basis="",
        )
    review_act(
        task_state=item.current_workflow_task_state.specific,
        user=city["signer"],
        action="approve",
        opinion="同意发布。",
        basis="",
    )

    item.refresh_from_db()
    assert item.live
    assert VALID_ID not in item.body and MOBILE not in item.body
    assert "110***********002X" in item.body and "138****5678" in item.body
    assert item.published_on is not None and item.publish_delay_workdays is not None

    record = review_record(item=item)
    steps = record["rounds"][-1]["steps"]
    assert [(s.step, s.opinion) for s in steps] == [
        ("保密审查", "已遮盖个人信息，同意公开。"),
        ("签发", "同意发布。"),
    ]
    assert {s.finished_by.username for s in steps} == {"edu-reviewer", "edu-signer"}
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"review.review.approve", "review.signoff.approve", "review.finding_masked"} <= actions


def test_rejection_returns_the_item_with_the_opinion(city):
    item = make_item(city, "<p>本学期资助工作已经完成。</p>")
    submit(item, city["editor"])
    review_act(
        task_state=item.current_workflow_task_state.specific,
        user=city["reviewer"],
        action="reject",
        opinion="请补充资助标准。",
        basis="",
    )
    item.refresh_from_db()
    state = item.current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES
    assert not item.live
    assert state.current_task_state.specific.opinion == "请补充资助标准。"


def test_a_kept_finding_needs_a_reason_and_is_not_raised_again(city):
    item = make_item(city, f"<p>咨询电话：{MOBILE}。</p>")
    submit(item, city["editor"])
    finding = item.precheck_findings.get()
    with pytest.raises(Exception, match="保留理由"):
        finding_keep(finding=finding, user=city["reviewer"], reason="  ")
    finding_keep(finding=finding, user=city["reviewer"], reason="单位公开的咨询电话。")
    from gongkai.review.services import item_precheck

    assert item_precheck(item=item) == []


def test_the_general_office_acts_for_a_town_without_reviewers(city):
    item = make_item(city, "<p>镇政府召开安全生产会议。</p>", "town", "town_category")
    submit(item, city["town_editor"])
    task = item.current_workflow_task.specific
    assert [a[0] for a in task.get_actions(item, city["supervisor"])] == ["reject", "approve"]
    assert task.get_actions(item, city["reviewer"]) == []
    queue = review_queue(user=city["supervisor"])
    assert [entry.obj.pk for entry in queue] == [item.pk]


def test_no_role_holds_the_publish_permission(city):
    for key in ("editor", "reviewer", "signer", "supervisor"):
        assert not city[key].has_perm("catalogue.publish_catalogueitem"), key
    assert Workflow.objects.filter(active=True).count() == 1


def test_withdrawal_keeps_the_index_number_and_needs_a_reason(city):
    item = make_item(city, "<p>通知。</p>")
    # As the workflow does when sign-off approves (no role may publish directly).
    item.save_revision(user=city["editor"]).publish(
        user=city["signer"], skip_permission_checks=True
    )
    item.refresh_from_db()
    number = item.index_number
    with pytest.raises(PermissionDenied):
        item_withdraw(item=item, user=city["editor"], reason="错误")
    item_withdraw(item=item, user=city["signer"], reason="该通知已被新通知替代。")
    item.refresh_from_db()
    assert item.withdrawn_at is not None and item.index_number == number
    assert not CatalogueItem.objects.public().filter(pk=item.pk).exists()
    # An edit saved before the withdrawal and published after it does not bring the item back:
    # the withdrawal lives on the row, not in the revisions.
    draft = CatalogueItem.objects.get(pk=item.pk)
    draft.withdrawn_at = None
    draft.withdrawal_reason = ""
    draft.title = "更正后的标题"
    revision = draft.save_revision(user=city["editor"])
    # Published later, in another request (the revision loaded afresh, as sign-off does).
    type(revision).objects.get(pk=revision.pk).publish(
        user=city["signer"], skip_permission_checks=True
    )
    item.refresh_from_db()
    assert item.title == "更正后的标题" and item.withdrawn_at is not None
    assert item.withdrawal_reason == "该通知已被新通知替代。"
    assert not CatalogueItem.objects.public().filter(pk=item.pk).exists()


def _approve(item, user, opinion="同意"):
    item.refresh_from_db()
    review_act(
        task_state=item.current_workflow_task_state.specific,
        user=user,
        action="approve",
        opinion=opinion,
        basis="",
    )
    item.refresh_from_db()


def test_an_unchanged_resave_by_an_approver_keeps_earlier_approvals(city):
    item = make_item(city, "<p>本学期资助工作已经完成。</p>")
    submit(item, city["editor"])
    _approve(item, city["reviewer"])
    # The edit view saves a revision when the signer approves, even with nothing changed.
    item.get_latest_revision_as_object().save_revision(user=city["signer"])
    _approve(item, city["signer"])
    assert item.live


def test_a_signer_who_changes_the_text_sends_it_back_to_confidentiality_review(city):
    item = make_item(city, "<p>本学期资助工作已经完成。</p>")
    submit(item, city["editor"])
    _approve(item, city["reviewer"])
    draft = item.get_latest_revision_as_object()
    draft.body = f"<p>本学期资助工作已经完成，联系人电话{MOBILE}。</p>"
    draft.save_revision(user=city["signer"])
    _approve(item, city["signer"])
    assert not item.live
    assert item.current_workflow_task.specific.step == ReviewStep.REVIEW


def test_publication_strips_hidden_metadata_from_attachments(city, tmp_path, settings):
    import io

    import docx
    from django.core.files.base import ContentFile

    from gongkai.catalogue.models import Attachment

    settings.MEDIA_ROOT = str(tmp_path)
    document = docx.Document()
    document.add_paragraph("资助名单见附表。")
    document.core_properties.author = "王审查的电脑"
    document.core_properties.last_modified_by = "李信息"
    buffer = io.BytesIO()
    document.save(buffer)

    item = make_item(city, "<p>附件。</p>")
    attachment = Attachment(item=item, title="名单", kind="docx")
    attachment.file.save("list.docx", ContentFile(buffer.getvalue()), save=True)
    submit(item, city["editor"])
    _approve(item, city["reviewer"])
    _approve(item, city["signer"])
    assert item.live

    attachment.refresh_from_db()
    with attachment.file.open("rb") as handle:
        published = docx.Document(io.BytesIO(handle.read()))
    assert published.core_properties.author == ""
    assert published.core_properties.last_modified_by == ""
    assert published.paragraphs[0].text == "资助名单见附表。"


def test_a_scheduled_item_goes_live_only_when_its_time_comes(city):
    from django.core.management import call_command
    from django.utils import timezone

    item = make_item(city, "<p>定时发布的通知。</p>")
    item.go_live_at = timezone.now() + dt.timedelta(hours=1)
    submit(item, city["editor"])
    _approve(item, city["reviewer"])
    _approve(item, city["signer"])
    # Signed off, but scheduled: not public yet.
    assert not item.live
    assert not CatalogueItem.objects.public().filter(pk=item.pk).exists()
    from wagtail.models import Revision

    revision = Revision.objects.for_instance(item).get(approved_go_live_at__isnull=False)
    # Let the hour pass: move the approved time and the revision's own go-live time back.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    item.refresh_from_db()
    assert item.live


def test_a_grouped_id_with_no_break_spaces_in_the_body_is_found_and_masked(city):
    """Word and old CMSs group numbers with &nbsp;: the pre-check reads the text a reader sees
    (440306 19780301 0121) and one-click masking masks it in the stored HTML."""
    item = make_item(
        city, "<p>申请人身份证：440306&nbsp;19780301&nbsp;0121，手机138.1234.5678。</p>"
    )
    submit(item, city["editor"])
    findings = list(item.precheck_findings.order_by("id"))
    assert [(f.kind, f.masked_value) for f in findings] == [
        ("id_number", "440***\xa0********\xa00121"),
        ("mobile", "138.****.5678"),
    ]
    for finding in findings:
        finding_mask(finding=finding, user=city["reviewer"])
    item.refresh_from_db()
    body = item.get_latest_revision_as_object().body
    assert "19780301" not in body and "1234.5678" not in body
    assert "440***&nbsp;********&nbsp;0121" in body and "138.****.5678" in body
