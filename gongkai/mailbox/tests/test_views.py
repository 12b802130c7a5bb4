"""Public pages and the staff workspace through Django's test client: bad input, captcha,
tracking, the public list, and org scoping in the admin."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.mailbox import services
from gongkai.mailbox.models import Letter, LetterAttachment, Status
from gongkai.mailbox.views import CAPTCHA_KEY

from .conftest import LETTER

pytestmark = pytest.mark.urls("gongkai.mailbox.tests.urls")


def form_data(mailbox, category, **over):
    data = {
        "mailbox": mailbox.pk,
        "category": category.pk,
        **LETTER,
        "captcha": "",
        "website": "",
    }
    data.update(over)
    return data


def post_letter(client, data):
    client.get(reverse("mailbox:write"))  # issues the captcha
    data = {**data, "captcha": client.session[CAPTCHA_KEY]}
    return client.post(reverse("mailbox:write"), data)


def test_a_citizen_writes_and_gets_a_tracking_code(client, mayor_box, consult):
    response = post_letter(client, form_data(mayor_box, consult))
    assert response.status_code == 302
    letter = Letter.objects.get()
    page = client.get(response["Location"])
    assert letter.tracking_code in page.content.decode()


def test_a_wrong_captcha_keeps_what_the_writer_typed(client, mayor_box, consult):
    client.get(reverse("mailbox:write"))
    answer = int(client.session[CAPTCHA_KEY])
    response = client.post(
        reverse("mailbox:write"), form_data(mayor_box, consult, captcha=str(answer + 1))
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "验证码不正确" in html
    assert LETTER["content"] in html and LETTER["writer_phone"] in html
    assert Letter.objects.count() == 0


def spoken_answer(html: str) -> int:
    """Solve the captcha question that the page gives in words (for screen readers)."""
    import re

    from gongkai.core.antiabuse import CN_DIGITS

    match = re.search(r'class="captcha-words">.*?<p>(.)加(.)等于几？</p>', html, re.S)
    assert match, "the question in words is on the page"
    return CN_DIGITS.index(match[1]) + CN_DIGITS.index(match[2])


def test_the_question_in_words_is_on_the_same_page_so_nothing_typed_is_lost(
    client, mayor_box, consult
):
    client.get(reverse("mailbox:write"))
    answer = int(client.session[CAPTCHA_KEY])
    response = client.post(
        reverse("mailbox:write"), form_data(mayor_box, consult, captcha=str(answer + 1))
    )
    html = response.content.decode()
    # The new question, in words, sits beside the kept input: no page switch that empties it.
    assert "?captcha=text" not in html and LETTER["content"] in html
    response = client.post(
        reverse("mailbox:write"), form_data(mayor_box, consult, captcha=str(spoken_answer(html)))
    )
    assert response.status_code == 302 and Letter.objects.count() == 1


def test_too_long_a_letter_gets_a_clear_error_and_nothing_is_stored(client, mayor_box, consult):
    response = post_letter(client, form_data(mayor_box, consult, content="字" * 5001))
    assert response.status_code == 400
    assert "来信内容不能超过5000个字（现有5001个字）" in response.content.decode()
    assert Letter.objects.count() == 0


def test_a_disguised_executable_is_refused_and_nothing_is_stored(client, mayor_box, consult):
    exe = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00\x03" + b"\x00" * 500)
    response = post_letter(client, {**form_data(mayor_box, consult), "attachments": [exe]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "扩展名与内容不符" in html and "Windows可执行程序" in html
    assert Letter.objects.count() == 0 and LetterAttachment.objects.count() == 0


def test_script_in_a_letter_is_shown_as_text(client, mayor_box, consult):
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    response = post_letter(client, form_data(mayor_box, consult, content=script))
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.content == script  # stored as typed
    client.post(reverse("mailbox:track"), {"code": letter.tracking_code, "last4": "5678"})
    html = client.get(reverse("mailbox:track_detail", args=[letter.tracking_code])).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_submissions_are_rate_limited(client, mayor_box, consult, settings):
    settings.GONGKAI_MAILBOX_RATE = "2/3600"
    assert post_letter(client, form_data(mayor_box, consult)).status_code == 302
    assert post_letter(client, form_data(mayor_box, consult)).status_code == 302
    response = post_letter(client, form_data(mayor_box, consult))
    assert response.status_code == 429
    assert Letter.objects.count() == 2


def test_tracking_needs_the_last_four_digits_of_the_phone(client, mayor_box, consult):
    letter = services.letter_submit(mailbox=mayor_box, category=consult, **LETTER)
    wrong = client.post(reverse("mailbox:track"), {"code": letter.tracking_code, "last4": "1234"})
    assert wrong.status_code == 404
    detail = reverse("mailbox:track_detail", args=[letter.tracking_code])
    assert client.get(detail).status_code == 302  # not yet opened in this session
    right = client.post(
        reverse("mailbox:track"), {"code": letter.tracking_code.lower(), "last4": "5678"}
    )
    assert right.status_code == 302
    assert LETTER["subject"] in client.get(detail).content.decode()


def test_the_public_list_shows_only_agreed_replied_letters_without_contacts(
    client, mayor_box, consult, org_a, supervisor, officer_a, reviewer_a
):
    def answered(may_publish, subject):
        letter = services.letter_submit(
            mailbox=mayor_box,
            category=consult,
            may_publish=may_publish,
            **{**LETTER, "subject": subject, "content": "我是李晓梅，电话13912345678"},
        )
        letter = services.letter_route(letter=letter, org=org_a, user=supervisor)
        draft = services.letter_reply_draft(letter=letter, user=officer_a, text="已答复")
        services.letter_reply_approve(reply=draft, user=reviewer_a)
        return letter

    public = answered(True, "同意公开的来信")
    answered(False, "不同意公开的来信")
    services.letter_submit(
        mailbox=mayor_box,
        category=consult,
        may_publish=True,
        **{**LETTER, "subject": "未答复的来信"},
    )
    html = client.get(reverse("mailbox:letters")).content.decode()
    assert "同意公开的来信" in html
    assert "不同意公开的来信" not in html and "未答复的来信" not in html
    detail = client.get(reverse("mailbox:letter", args=[public.pk])).content.decode()
    for secret in ("李晓梅", "13912345678", "li@example.com"):
        assert secret not in detail
    assert "李**" in detail


def test_the_admin_queue_and_letter_pages_are_scoped_to_the_org(
    client, mayor_box, consult, org_a, supervisor, officer_a, officer_b
):
    letter = services.letter_submit(mailbox=mayor_box, category=consult, **LETTER)
    letter = services.letter_route(letter=letter, org=org_a, user=supervisor)
    detail = reverse("mailbox_admin:detail", args=[letter.pk])
    client.force_login(officer_b)
    assert client.get(detail).status_code == 404
    assert (
        letter.subject
        not in client.get(reverse("mailbox_admin:queue") + "?tab=all").content.decode()
    )
    response = client.post(
        reverse("mailbox_admin:action", args=[letter.pk, "draft"]), {"text": "越权答复"}
    )
    assert response.status_code == 404
    client.force_login(officer_a)
    assert client.get(detail).status_code == 200
    client.post(reverse("mailbox_admin:action", args=[letter.pk, "draft"]), {"text": "答复"})
    assert Letter.objects.get(pk=letter.pk).status == Status.IN_PROGRESS


def test_the_general_office_sees_the_figures_sentence(client, mayor_box, consult, supervisor):
    services.letter_submit(mailbox=mayor_box, category=consult, **LETTER)
    client.force_login(supervisor)
    html = client.get(reverse("mailbox_admin:figures")).content.decode()
    assert "全年受理市长信箱1条。" in html
