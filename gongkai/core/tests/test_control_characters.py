"""Control characters are cleaned from every request's query string and form posts."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from gongkai.core.middleware import ControlCharactersMiddleware, clean_text


def _seen(request):
    seen = {}

    def view(req):
        seen["GET"], seen["POST"], seen["FILES"] = req.GET, req.POST, req.FILES
        return None

    ControlCharactersMiddleware(view)(request)
    return seen


def test_word_s_line_and_page_breaks_become_line_feeds_and_other_controls_go():
    assert (
        clean_text("第一行\x0b第二行\x0c第三页\x07\x1b\x7f完\t\r\n")
        == "第一行\n第二行\n第三页完\t\r\n"
    )


def test_form_posts_and_query_strings_arrive_clean():
    request = RequestFactory().post(
        "/apply/?q=低\x0b保", {"description": "申请\x0b公开\x00预算", "name\x01": "张三"}
    )
    seen = _seen(request)
    assert seen["GET"]["q"] == "低\n保"
    assert seen["POST"]["description"] == "申请\n公开预算"
    assert seen["POST"]["name"] == "张三"
    assert not seen["POST"]._mutable


def test_uploads_are_left_alone_and_clean_requests_are_not_copied():
    payload = b"\x00\x0b binary \x1b"
    request = RequestFactory().post(
        "/apply/", {"description": "无控制字符", "proof": SimpleUploadedFile("a.bin", payload)}
    )
    post = request.POST
    seen = _seen(request)
    assert seen["POST"] is post
    assert seen["FILES"]["proof"].read() == payload


def test_the_middleware_is_installed_before_anything_reads_a_form():
    middleware = settings.MIDDLEWARE
    ours = middleware.index("gongkai.core.middleware.ControlCharactersMiddleware")
    assert ours < middleware.index("django.middleware.csrf.CsrfViewMiddleware")
