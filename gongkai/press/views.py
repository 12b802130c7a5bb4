"""The portal's press conference column: a list filterable by year, kind and host org, and
each event's page with its transcript, questions and answers, media and the policies explained."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from gongkai.orgs.models import Org

from .models import Kind
from .selectors import press_public


def press_list(request):
    qs = press_public()
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(held_on__year=int(year))
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    org = request.GET.get("org", "")
    if org:
        qs = qs.filter(host_org__code=org)
    years = [d.year for d in press_public().dates("held_on", "year", order="DESC")]
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "press/list.html",
        {
            "page": page,
            "years": years,
            "kinds": Kind.choices,
            "year": int(year) if year.isdigit() else None,
            "kind": kind,
            "org": org,
            "orgs": Org.objects.filter(press_conferences__live=True).distinct(),
        },
    )


def press_detail(request, pk: int):
    conf = get_object_or_404(press_public(), pk=pk)
    return render(
        request,
        "press/detail.html",
        {
            "conf": conf,
            "qa_pairs": conf.qa_pairs.all(),
            "links": conf.links.all(),
            "policies": conf.policies.public(),
        },
    )
