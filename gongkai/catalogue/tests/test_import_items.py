import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalogue.models import CatalogueItem, Category, IndexCounter, Topic
from gongkai.orgs.models import Org

pytestmark = pytest.mark.django_db

HEADER = "标题,组配分类,主题分类,成文日期,发布日期,索引号,文件类型,废止日期,附件\n"


@pytest.fixture
def org(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_INDEX_NUMBER_PATTERN = "{prefix}/{year}-{serial:05d}"
    # The default classes (工作动态类, 法规公文类, …) and topics (教育, …) come from the migrations.
    assert Category.objects.filter(org=None, name="工作动态类", slug="news").exists()
    assert Topic.objects.filter(name="教育", slug="education").exists()
    return Org.objects.create(code="t-edu", name="测试市教育局", kind="department")


def run(path, org_code="t-edu"):
    """Run the command; return (exit code, stderr)."""
    import io

    err = io.StringIO()
    try:
        call_command("import_items", str(path), "--org", org_code, stderr=err, stdout=io.StringIO())
    except CommandError as exc:
        return exc.returncode, err.getvalue()
    return 0, err.getvalue()


def test_one_bad_row_writes_nothing_and_names_file_and_line(org, tmp_path):
    path = tmp_path / "items.csv"
    # Line 1 header; line 2 valid; line 3 lacks 成文日期; line 4 valid.
    path.write_text(
        HEADER
        + "甲通知,工作动态类,教育,2024-01-02,2024-01-03,,,,\n"
        + "乙通知,工作动态类,教育,,2024-01-03,,,,\n"
        + "丙通知,法规公文类,,2024-02-01,,,,,\n",
        encoding="utf-8",
    )
    before = CatalogueItem.objects.count()
    code, stderr = run(path)
    assert code == 1
    assert f"{path}:3: " in stderr and "成文日期" in stderr
    assert f"{path}:2:" not in stderr and f"{path}:4:" not in stderr
    assert CatalogueItem.objects.count() == before == 0
    assert not IndexCounter.objects.exists()
    assert not Category.objects.filter(org=org).exists()  # no class was copied either

    path.write_text(
        HEADER
        + "甲通知,工作动态类,教育,2024-01-02,2024-01-03,,,,\n"
        + "乙通知,news,education,2024-01-05,2024-01-08,,,,\n"
        + "丙通知,法规公文类,,2024-02-01,,,normative,2025-06-30,\n",
        encoding="utf-8",
    )
    code, stderr = run(path)
    assert code == 0, stderr
    items = {i.title: i for i in CatalogueItem.objects.all()}
    assert set(items) == {"甲通知", "乙通知", "丙通知"}
    # No credit code: the prefix is the org code; three 2024 items get serials 1..3 in file order.
    assert sorted(i.index_number for i in items.values()) == [
        "t-edu/2024-00001",
        "t-edu/2024-00002",
        "t-edu/2024-00003",
    ]
    assert items["甲通知"].live and items["甲通知"].first_published_at is not None
    assert not items["丙通知"].live  # no 发布日期: a draft
    assert items["丙通知"].validity == CatalogueItem.Validity.REPEALED
    assert items["甲通知"].category.org == org  # the default class was copied to the org


def test_a_kept_legacy_index_number_is_never_issued_again(org, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(
        HEADER
        + "旧条目,工作动态类,,2024-03-01,2024-03-01,t-edu/2024-00007,,,\n"
        + "新条目,工作动态类,,2024-03-02,2024-03-02,,,,\n",
        encoding="utf-8",
    )
    assert run(path)[0] == 0
    # The legacy serial 7 raises the 2024 counter, so the new item gets 8.
    assert CatalogueItem.objects.get(title="新条目").index_number == "t-edu/2024-00008"
    path.write_text(HEADER + "重复,工作动态类,,2024-03-03,,t-edu/2024-00007,,,\n", encoding="utf-8")
    code, stderr = run(path)
    assert code == 1 and ":2: " in stderr and "索引号" in stderr


def test_a_renamed_exe_attachment_is_refused(org, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "通知.pdf").write_bytes(b"MZ\x90\x00" + b"\0" * 100)
    path = tmp_path / "items.csv"
    path.write_text(
        HEADER + "带附件,工作动态类,,2024-01-02,2024-01-03,,,,files/通知.pdf\n", encoding="utf-8"
    )
    code, stderr = run(path)
    assert code == 1 and ":2: " in stderr and "扩展名与内容不符" in stderr
    assert CatalogueItem.objects.count() == 0


def test_a_real_attachment_is_stored_with_its_facts(org, tmp_path):
    from gongkai.demo.files import tiny_pdf

    (tmp_path / "a.pdf").write_bytes(tiny_pdf("附件"))
    path = tmp_path / "items.csv"
    # A draft: a published item's attachment loses its metadata (see test_import_publishes).
    path.write_text(HEADER + "带附件,工作动态类,,2024-01-02,,,,,a.pdf\n", encoding="utf-8")
    assert run(path)[0] == 0
    attachment = CatalogueItem.objects.get().attachments.get()
    assert attachment.kind == "pdf" and attachment.size == len(tiny_pdf("附件"))
    assert len(attachment.sha256) == 64


def test_usage_errors_exit_2(org, tmp_path):
    assert run(tmp_path / "missing.csv")[0] == 2
    path = tmp_path / "items.csv"
    path.write_text(HEADER, encoding="utf-8")
    assert run(path, org_code="nope")[0] == 2


def test_an_import_writes_one_summary_audit_record(org, tmp_path):
    from gongkai.audit.models import AuditEvent

    path = tmp_path / "items.csv"
    path.write_text(
        HEADER
        + "甲通知,工作动态类,教育,2024-01-02,2024-01-03,,,,\n"
        + "乙通知,工作动态类,,2024-01-05,2024-01-06,,,,\n"
        + "丙草稿,工作动态类,,2024-01-07,,,,,\n",
        encoding="utf-8",
    )
    assert run(path)[0] == 0
    event = AuditEvent.objects.get(action="catalogue.import")
    assert event.org_id == org.pk and event.object_repr == "items.csv"
    assert event.detail == {
        "file": str(path),
        "count": 3,
        "published": 2,
        "drafts": 1,
        "attachments": 0,
        "indexed": 2,
        "attachments_cleaned": 0,
        "findings": 0,
    }


def test_a_refused_import_writes_no_audit_record(org, tmp_path):
    from gongkai.audit.models import AuditEvent

    path = tmp_path / "items.csv"
    path.write_text(HEADER + "缺日期,工作动态类,,,,,,,\n", encoding="utf-8")
    assert run(path)[0] == 1
    assert not AuditEvent.objects.filter(action="catalogue.import").exists()
