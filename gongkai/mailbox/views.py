"""Public pages: write a letter, track it and rate the reply, and the list of public letters.

The tracking page needs the code *and* the last four digits of the phone, compared in constant
time, and is rate-limited, so codes cannot be guessed. The public list reads only the masked
copies made when the reply went out.
"""

from __future__ import annotations

import hmac

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

# The offline captcha and the cache-backed rate limits are shared with 依申请公开.
from gongkai.core.antiabuse import captcha_check, captcha_issue, parse_rate, rate_limited

from . import services
from .conf import conf
from .forms import LetterForm, RateForm, TrackForm
from .models import LetterCategory, Mailbox, ReplyStatus, Status
from .selectors import letter_by_tracking, public_letters

CAPTCHA_KEY = "mailbox_captcha"
SESSION_DONE = "mailbox_done"
SESSION_TRACKED = "mailbox_tracked"


def _captcha_issue(session) -> tuple[str, str]:
    return captcha_issue(session, key=CAPTCHA_KEY)


def _captcha_check(session, answer: str) -> bool:
    """Single use: the stored answer is gone whether or not the guess was right."""
    return captcha_check(session, answer, key=CAPTCHA_KEY)


def _limited(request, scope: str, setting: str) -> bool:
    limit, window = parse_rate(str(conf(setting)))
    return rate_limited(request, key=f"mailbox:{scope}", limit=limit, window=window)


@never_cache
@require_http_methods(["GET", "POST"])
def write(request):
    captcha_on = bool(conf("GONGKAI_MAILBOX_CAPTCHA"))
    initial = {}
    if (to := request.GET.get("to", "")).isdigit():
        initial["mailbox"] = Mailbox.objects.filter(pk=int(to), is_active=True).first()
    form = LetterForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if _limited(request, "write", "GONGKAI_MAILBOX_RATE"):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif form.data.get("website"):
            form.add_error(None, _("提交未通过校验。"))
            status = 400
        elif form.is_valid():
            if captcha_on and not _captcha_check(request.session, form.cleaned_data["captcha"]):
                form.add_error("captcha", _("验证码不正确，请计算新的算式。"))
            else:
                data = form.cleaned_data
                try:
                    letter = services.letter_submit(
                        mailbox=data["mailbox"],
                        category=data["category"],
                        subject=data["subject"],
                        content=data["content"],
                        writer_name=data["writer_name"],
                        writer_phone=data["writer_phone"],
                        writer_email=data["writer_email"] or "",
                        may_publish=data["may_publish"],
                        files=data["attachments"],
                    )
                except ValidationError as exc:
                    for field, messages in exc.message_dict.items():
                        for message in messages:
                            form.add_error(None if field == "__all__" else field, message)
                else:
                    request.session[SESSION_DONE] = letter.pk
                    return redirect("mailbox:done")
        if status == 200 and form.errors:
            status = 400
    svg, words = _captcha_issue(request.session) if captcha_on else ("", "")
    if form.is_bound:
        form.data = form.data.copy()
        form.data["captcha"] = ""  # a new question needs a new answer
    return render(
        request,
        "mailbox/write.html",
        {
            "form": form,
            "captcha_on": captcha_on,
            "captcha_svg": svg,
            "captcha_words": words,
            "captcha_text": request.GET.get("captcha") == "text",
            "mailboxes": Mailbox.objects.filter(is_active=True).select_related("org"),
            "categories": LetterCategory.objects.filter(is_active=True),
        },
        status=status,
    )


@never_cache
def done(request):
    from .models import Letter

    pk = request.session.get(SESSION_DONE)
    if not pk:
        return redirect("mailbox:write")
    letter = get_object_or_404(Letter.objects.select_related("mailbox", "category"), pk=pk)
    return render(request, "mailbox/done.html", {"letter": letter})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _limited(request, "track", "GONGKAI_MAILBOX_TRACK_RATE"):
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            letter = letter_by_tracking(code=form.cleaned_data["code"])
            given = form.cleaned_data["last4"].strip()
            expected = letter.phone_last4 if letter else "never"
            if letter and hmac.compare_digest(expected.encode(), given.encode()):
                tracked = set(request.session.get(SESSION_TRACKED, []))
                tracked.add(letter.pk)
                request.session[SESSION_TRACKED] = sorted(tracked)
                return redirect("mailbox:track_detail", code=letter.tracking_code)
            form.add_error(None, _("查询码或联系电话后四位不正确。"))
            status = 404
        else:
            status = 400
    return render(request, "mailbox/track.html", {"form": form}, status=status)


def _tracked(request, code: str):
    letter = letter_by_tracking(code=code)
    if letter is None or letter.pk not in request.session.get(SESSION_TRACKED, []):
        raise Http404
    return letter


@never_cache
def track_detail(request, code: str, rate_form=None, status=200):
    try:
        letter = _tracked(request, code)
    except Http404:
        return redirect("mailbox:track")
    return render(
        request,
        "mailbox/track_detail.html",
        {
            "letter": letter,
            "events": letter.events.filter(public=True),
            "replies": letter.replies.filter(status=ReplyStatus.SENT).select_related("org"),
            "rate_form": rate_form or (RateForm() if letter.status == Status.REPLIED else None),
        },
        status=status,
    )


@never_cache
@require_POST
def rate(request, code: str):
    letter = _tracked(request, code)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.letter_rate(
                letter=letter,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            return redirect("mailbox:track_detail", code=letter.tracking_code)
    return track_detail(request, code, rate_form=form, status=400)


def letter_list(request):
    qs = public_letters()
    mailbox_id = request.GET.get("mailbox", "")
    if mailbox_id.isdigit():
        qs = qs.filter(mailbox_id=int(mailbox_id))
    category_id = request.GET.get("category", "")
    if category_id.isdigit():
        qs = qs.filter(category_id=int(category_id))
    if q := request.GET.get("q", "").strip()[:50]:
        qs = qs.filter(public_subject__icontains=q)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "mailbox/letter_list.html",
        {
            "page": page,
            "mailboxes": Mailbox.objects.filter(is_active=True),
            "categories": LetterCategory.objects.filter(is_active=True),
            "mailbox_id": int(mailbox_id) if mailbox_id.isdigit() else None,
            "category_id": int(category_id) if category_id.isdigit() else None,
            "q": q,
        },
    )


def letter_detail(request, pk: int):
    letter = get_object_or_404(public_letters(), pk=pk)
    return render(request, "mailbox/letter_detail.html", {"letter": letter})
