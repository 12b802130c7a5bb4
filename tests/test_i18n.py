"""Translations: Chinese msgids everywhere, a complete English catalogue, nothing English in the
Chinese UI (docs/i18n.md).

The msgids of our own code are extracted afresh from the working tree with Django's
``makemessages`` (run in a scratch directory that links to ``gongkai/`` and ``templates/``, so
the committed catalogues are never touched) and compared with the committed ones.
"""

from __future__ import annotations

import gettext as gettext_module
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"

# Chinese ideographs, CJK punctuation and full-width forms: a msgid with any of them is written
# for Chinese readers (``%(action)s：%(errors)s`` is, though it has no ideograph).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[^{}]*\}")
HTML_TAG = re.compile(r"<[^>]+>")


# --- Reading .po files (no polib in the project) -------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header and obsolete (``#~``) entries left out."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line
            ):
                current = match.group(1)
                fields[current] = _unquote(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
        if fields.get("msgid"):
            plural_strs = sorted(k for k in fields if k.startswith("msgstr["))
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    msgid_plural=fields.get("msgid_plural"),
                    msgctxt=fields.get("msgctxt"),
                    msgstr=[fields[k] for k in plural_strs] or [fields.get("msgstr", "")],
                    flags=flags,
                )
            )
    return entries


def is_written_in_english(msgid: str) -> bool:
    """No CJK character, and Latin letters left once placeholders and tags are removed."""
    if CJK.search(msgid):
        return False
    return bool(re.search(r"[A-Za-z]", HTML_TAG.sub("", PLACEHOLDER.sub("", msgid))))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


# --- Extraction -------------------------------------------------------------------------------


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (GNU gettext) is not installed; `make setup` installs it")


@pytest.fixture(scope="module")
def source_entries(tmp_path_factory) -> list[Entry]:
    """Every msgid of our code and templates, extracted now the way docs/i18n.md says."""
    _need("xgettext")
    _need("msguniq")
    scratch = tmp_path_factory.mktemp("makemessages")
    (scratch / "locale").mkdir()
    for name in ("gongkai", "templates"):
        (scratch / name).symlink_to(REPO / name, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    cmd = [sys.executable, "-m", "django", "makemessages", "-l", "en", "--symlinks"]
    cmd += ["-i", "tests", "-i", "bench", "-i", "var"]
    subprocess.run(cmd, cwd=scratch, env=env, check=True, capture_output=True)
    entries = read_po(scratch / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 500, "extraction found almost nothing: check the makemessages run"
    return entries


# --- The catalogues ----------------------------------------------------------------------------


def test_every_msgid_of_the_source_is_in_the_english_catalogue(source_entries):
    committed = {(e.msgctxt, e.msgid) for e in read_po(EN_PO)}
    missing = [e.msgid for e in source_entries if (e.msgctxt, e.msgid) not in committed]
    assert not missing, (
        f"{len(missing)} msgid(s) are not in {EN_PO.relative_to(REPO)}; run the update commands "
        f"of docs/i18n.md and translate them: {missing[:20]}"
    )


def test_english_msgids_have_a_simplified_chinese_translation(source_entries):
    """A Chinese user must not meet an English msgid: each needs a zh_Hans translation (ours
    or Django's/Wagtail's) or, better, to be written in Chinese like the rest."""
    untranslated = []
    with translation.override("zh-hans"):
        for entry in source_entries:
            if not is_written_in_english(entry.msgid):
                continue
            if entry.msgid_plural:
                shown = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            elif entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            if shown == entry.msgid:
                untranslated.append(entry.msgid)
    assert not untranslated, f"English msgids shown to Chinese users as they are: {untranslated}"


def test_the_english_check_tells_english_from_chinese():
    assert is_written_in_english("{cell} = {value}, but counts cannot be negative")
    assert is_written_in_english("Submit")
    assert not is_written_in_english("{cell} = {value}，但数量和金额不能为负数")
    assert not is_written_in_english("%(action)s：%(errors)s")
    assert not is_written_in_english("%(a)s / %(b)s")


def test_every_english_entry_is_translated_with_the_same_placeholders():
    entries = read_po(EN_PO)
    assert len(entries) > 500
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid}")
        if not all(s.strip() for s in entry.msgstr):
            problems.append(f"untranslated: {entry.msgid}")
            continue
        if entry.msgid_plural and len(entry.msgstr) != 2:
            problems.append(f"English has two plural forms: {entry.msgid}")
        for msgstr in entry.msgstr:
            if placeholders(msgstr) != placeholders(entry.msgid):
                problems.append(f"placeholders differ: {entry.msgid!r} -> {msgstr!r}")
            if CJK.search(HTML_TAG.sub("", msgstr)) and not CJK.search(entry.msgid):
                problems.append(f"Chinese left in the English: {msgstr!r}")
    assert not problems, "\n".join(problems)


def test_the_english_catalogue_has_the_english_plural_rule():
    header = EN_PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: en\\n"' in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


@pytest.mark.parametrize("language", ["en", "zh_Hans"])
def test_the_committed_mo_is_compiled_from_the_po(language, tmp_path):
    """The .mo files are committed (nothing compiles at run time): same messages as the .po."""
    _need("msgfmt")
    directory = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "-c", "-o", str(fresh), str(directory / "django.po")],
        check=True,
        capture_output=True,
    )

    def catalog(path: Path) -> dict:
        with path.open("rb") as f:
            return gettext_module.GNUTranslations(f)._catalog  # type: ignore[attr-defined]

    committed, compiled = catalog(directory / "django.mo"), catalog(fresh)
    differing = sorted(str(k) for k in committed.keys() ^ compiled.keys())
    differing += sorted(
        str(k) for k in committed.keys() & compiled.keys() if committed[k] != compiled[k]
    )
    assert not differing, (
        f"{directory / 'django.mo'} is out of date: msgfmt -c -o django.mo django.po "
        f"(in that directory). First differences: {differing[:10]}"
    )


# --- Pages in both languages ---------------------------------------------------------------------


@pytest.fixture
def officer(gov):
    from gongkai.orgs.roles import Role
    from gongkai.orgs.testing import make_staff

    return make_staff("i18n_officer", gov, Role.EDITOR, Role.REVIEWER)


def sidebar_text(html: str) -> str:
    """Wagtail's menu comes as JSON in a script element (non-ASCII escaped): decode it."""
    match = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no sidebar props in the admin page"
    return json.dumps(json.loads(match.group(1)), ensure_ascii=False)


# (path, strings in Chinese, the same strings in English)
PUBLIC_PAGES = [
    (
        "/",
        ["跳到主要内容", "依申请公开", "最新信息", "各单位政府信息公开"],
        ["Skip to main content", "Disclosure on application", "Latest information",
         "Government information disclosure by organisation"],
    ),
    (
        "/search/",
        ["信息检索", "站内搜索", "请输入关键词"],
        ["Information search", "Site search", "Enter keywords"],
    ),
    (
        "/apply/",
        ["政府信息公开申请", "申请人信息", "受理机关", "提交申请", "向哪个机关申请"],
        ["Government information disclosure application", "Applicant details",
         "Receiving authority", "Submit application", "Authority to apply to"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("path", "chinese", "english"), PUBLIC_PAGES)
def test_public_pages_are_chinese_by_default(client, gov, path, chinese, english):
    html = client.get(path).content.decode()
    for text in chinese:
        assert text in html, f"{path}: {text!r} missing"
    for text in english:
        assert text not in html, f"{path}: English {text!r} in the Chinese page"
    assert '<html lang="zh-Hans">' in html


@pytest.mark.parametrize(("path", "chinese", "english"), PUBLIC_PAGES)
def test_public_pages_speak_english_once_chosen(client, gov, path, chinese, english):
    response = client.post("/i18n/setlang/", {"language": "en", "next": path})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for text in english:
        assert text in html, f"{path}: {text!r} missing in English"
    for text in chinese:
        assert text not in html, f"{path}: Chinese {text!r} left in the English page"
    assert '<html lang="en">' in html


def test_the_browser_language_alone_does_not_switch_to_english(client, gov):
    """zh-hans is the default for everyone; English only when chosen (gongkai.core.locale)."""
    response = client.get("/apply/", headers={"accept-language": "en-GB,en;q=0.8"})
    html = response.content.decode()
    assert "提交申请" in html and "Submit application" not in html
    assert response["Content-Language"] == "zh-hans"


def test_the_footer_button_switches_language_and_back_without_a_csrf_token(gov):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # portal pages are cached and carry no token
    html = client.get("/apply/").content.decode()
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in html
    response = client.post(
        "/i18n/setlang/", {"language": "en"}, headers={"referer": "http://testserver/apply/"}
    )
    assert response.status_code == 302 and response["Location"] == "http://testserver/apply/"
    response = client.get("/apply/")
    html = response.content.decode()
    assert "Submit application" in html and response["Content-Language"] == "en"
    assert 'value="zh-hans" lang="zh-Hans">简体中文</button>' in html
    client.post("/i18n/setlang/", {"language": "zh-hans"})
    assert "提交申请" in client.get("/apply/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client, gov):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "提交申请" in client.get("/apply/").content.decode()


def test_the_admin_dashboard_follows_the_chosen_language(client, officer):
    client.force_login(officer)
    chinese = client.get("/admin/")
    assert chinese.status_code == 200
    menu = sidebar_text(chinese.content.decode())
    assert "待我审批" in menu and "信息检索" in menu
    assert "My approvals" not in menu

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/admin/")
    assert english.status_code == 200
    menu = sidebar_text(english.content.decode())
    assert "My approvals" in menu and "Information search" in menu
    assert "待我审批" not in menu
    # Wagtail's own strings follow as well.
    assert "Dashboard" in english.content.decode()
