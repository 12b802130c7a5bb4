"""Public pages: apply online, the confirmation, and the applicant's tracking page.

Personal data never appears here beyond what the applicant typed on their own form. The tracking
page needs the code *and* the last four digits of the phone, compared in constant time, and is
rate-limited per IP so codes cannot be enumerated.
"""

from __future__ import annotations

import hmac

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core.antiabuse import captcha_check, captcha_issue, rate_limited, rate_setting

from . import services
from .forms import PublicApplicationForm, TrackForm
from .models import Application, LetterKind, Status
from .selectors import application_by_tracking

SESSION_DONE = "apply_done"
SESSION_TRACKED = "apply_tracked"
APPLICANT_LETTERS = [
    LetterKind.CORRECTION,
    LetterKind.EXTENSION,
    LetterKind.FEE_NOTICE,
    LetterKind.REPLY,
]


def _captcha_enabled() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "GONGKAI_APPLY_CAPTCHA", True))


def _limited(request, scope: str, setting: str, default: str) -> bool:
    limit, window = rate_setting(setting, default)
    return rate_limited(request, key=scope, limit=limit, window=window)


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    initial = {}
    if code := request.GET.get("org"):
        initial["org"] = (
            Application._meta.get_field("org").related_model.objects.filter(code=code).first()
        )
    form = PublicApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    if not _captcha_enabled():
        del form.fields["captcha"]
    status = 200
    if request.method == "POST":
        if _limited(request, "apply", "GONGKAI_APPLY_RATE", "10/3600"):
            form.add_error(None, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif form.data.get("website"):
            form.add_error(None, _("提交未通过校验。"))
            status = 400
        elif form.is_valid():
            if _captcha_enabled() and not captcha_check(
                request.session, form.cleaned_data["captcha"]
            ):
                form.add_error("captcha", _("验证码不正确，请重新计算新的算式。"))
            else:
                data = {k: v for k, v in form.cleaned_data.items() if k not in {"org", "proof"}}
                try:
                    app = services.application_submit_online(
                        org=form.cleaned_data["org"], data=data, proofs=[form.cleaned_data["proof"]]
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error(
                            "proof" if "证明" in message or "附件" in message else None, message
                        )
                else:
                    request.session[SESSION_DONE] = app.pk
                    return redirect("applications:done")
        if status == 200:
            status = 400 if form.errors else 200
    svg, words = captcha_issue(request.session) if _captcha_enabled() else ("", "")
    if "captcha" in form.fields:
        form.data = form.data.copy() if form.is_bound else form.data
        if form.is_bound:
            form.data["captcha"] = ""  # a new question needs a new answer
    return render(
        request,
        "applications/apply.html",
        {
            "form": form,
            "captcha_svg": svg,
            "captcha_words": words,
            "captcha_text": request.GET.get("captcha") == "text",
        },
        status=status,
    )


@never_cache
def done(request):
    pk = request.session.get(SESSION_DONE)
    if not pk:
        return redirect("applications:apply")
    app = get_object_or_404(Application.objects.select_related("org"), pk=pk)
    return render(request, "applications/done.html", {"app": app})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _limited(request, "track", "GONGKAI_TRACK_RATE", "20/600"):
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
            status = 429
        elif form.is_valid():
            app = application_by_tracking(code=form.cleaned_data["code"])
            given = form.cleaned_data["last4"].strip().upper()
            expected = app.second_factor if app else "0000-never"
            if app and hmac.compare_digest(expected.encode(), given.encode()):
                tracked = set(request.session.get(SESSION_TRACKED, []))
                tracked.add(app.pk)
                request.session[SESSION_TRACKED] = sorted(tracked)
                return redirect("applications:track_detail", code=app.tracking_code)
            form.add_error(None, _("查询码或电话号码后四位不正确。"))
            status = 404
    return render(request, "applications/track.html", {"form": form}, status=status)


def _tracked_app(request, code: str) -> Application:
    app = application_by_tracking(code=code)
    if app is None or app.pk not in request.session.get(SESSION_TRACKED, []):
        raise Http404
    return app


@never_cache
def track_detail(request, code: str):
    try:
        app = _tracked_app(request, code)
    except Http404:
        return redirect("applications:track")
    events = app.events.filter(public=True).exclude(kind__startswith="reminder")
    letters = app.letters.filter(kind__in=APPLICANT_LETTERS)
    return render(
        request,
        "applications/track_detail.html",
        {
            "app": app,
            "events": events,
            "letters": letters,
            "released": app.released.all(),
            "paused": app.status
            in (Status.AWAITING_CORRECTION, Status.IN_CONSULTATION, Status.AWAITING_FEE),
        },
    )


@never_cache
@require_http_methods(["POST"])
def track_correct(request, code: str):
    """The applicant sends the corrected application online (Art. 30): the clock restarts on
    its receipt date, today or, on a day off, the next working day (Art. 31)."""
    from django.utils import timezone

    app = _tracked_app(request, code)
    description = request.POST.get("description", "").strip()
    if app.status != Status.AWAITING_CORRECTION or not description:
        return redirect("applications:track_detail", code=app.tracking_code)
    try:
        services.application_receive_correction(
            application=app,
            on=services.online_arrival_receipt_date(arrived_on=timezone.localdate()),
            description=description,
            note=_("申请人在线提交补正：%(d)s") % {"d": description},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("applications:track_detail", code=app.tracking_code)


@never_cache
def track_letter(request, code: str, letter_id: int, fmt: str):
    app = _tracked_app(request, code)
    letter = get_object_or_404(app.letters.filter(kind__in=APPLICANT_LETTERS), pk=letter_id)
    field = letter.pdf if fmt == "pdf" else letter.docx
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=f"{letter.title}-{letter.number}.{fmt}"
    )


@never_cache
def track_document(request, code: str, doc_id: int):
    app = _tracked_app(request, code)
    doc = get_object_or_404(app.released, pk=doc_id)
    name = doc.file.name.rsplit("/", 1)[-1]
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)
