"""Public statistics pages (/stats/): figures per org and for the government, as HTML, CSV and
JSON open data. Only counts and rates appear; they are cached briefly (the data moves slowly)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.core.exports import csv_cell
from gongkai.orgs.models import Org

from . import charts, selectors

CACHE_SECONDS = 600


def _year(request: HttpRequest, today: dt.date) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= today.year:
        return int(raw)
    return today.year


def _figures(year: int, today: dt.date) -> list[dict[str, object]]:
    key = f"supervision:public:{year}:{today.isoformat()}"
    rows = cache.get(key)
    if rows is None:
        rows = selectors.public_figures(
            start=dt.date(year, 1, 1), end=min(dt.date(year, 12, 31), today), today=today
        )
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def _jsonable(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def _csv(rows: list[dict[str, object]], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _key, label in selectors.PUBLIC_COLUMNS])
    for row in rows:
        writer.writerow(
            [csv_cell("" if row[k] is None else row[k]) for k, _label in selectors.PUBLIC_COLUMNS]
        )
    # A byte-order mark so that spreadsheet programs open the Chinese headers correctly.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(payload: dict) -> JsonResponse:
    return JsonResponse(
        json.loads(json.dumps(payload, default=_jsonable)),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_safe
def stats_index(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today)
    rows = _figures(year, today)
    if fmt == "csv":
        return _csv(rows, f"gongkai-stats-{year}.csv")
    if fmt == "json":
        return _json(
            {
                "year": year,
                "as_of": today.isoformat(),
                "columns": dict(selectors.PUBLIC_COLUMNS),
                "rows": [{k: _jsonable(v) for k, v in r.items()} for r in rows],
            }
        )
    orgs = rows[:-1]
    chart = charts.bar_chart_svg(
        title=_("%(year)s年各单位主动公开信息数量") % {"year": year},
        labels=[str(r["org_name"]) for r in orgs],
        values=[float(r["items_published"]) for r in orgs],
        unit=_("条"),
    )
    return render(
        request,
        "supervision/public/index.html",
        {
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "today": today,
            "rows": orgs,
            "total": rows[-1],
            # Headings in the reader's language; the CSV and JSON keep the Chinese labels.
            "columns": [(key, _(label)) for key, label in selectors.PUBLIC_COLUMNS],
            "chart": mark_safe(chart),  # built from escaped text by charts.py
        },
    )


@require_safe
def stats_org(request: HttpRequest, code: str, fmt: str = "html") -> HttpResponse:
    org = get_object_or_404(Org.objects.active(), code=code)
    today = timezone.localdate()
    year = _year(request, today)
    row = next((r for r in _figures(year, today) if r["org_code"] == org.code), None)
    if row is None:
        raise Http404
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    visits = selectors.visit_summary(start=start, end=end, org_ids={org.pk})
    if fmt == "csv":
        return _csv([row], f"gongkai-stats-{org.code}-{year}.csv")
    if fmt == "json":
        return _json(
            {
                "year": year,
                "as_of": today.isoformat(),
                "columns": dict(selectors.PUBLIC_COLUMNS),
                "figures": {k: _jsonable(v) for k, v in row.items()},
                "visits_by_month": [{"month": m, "visits": n} for m, n in visits.by_month],
                "visits_peak_day": visits.peak_day.isoformat() if visits.peak_day else None,
                "visits_peak_count": visits.peak_count,
            }
        )
    chart = charts.bar_chart_svg(
        title=_("%(org)s%(year)s年各月访问量") % {"org": org.name, "year": year},
        labels=[_("%(m)s月") % {"m": m} for m, _n in visits.by_month],
        values=[float(n) for _m, n in visits.by_month],
        unit=_("次"),
    )
    return render(
        request,
        "supervision/public/org.html",
        {
            "org": org,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "row": row,
            "columns": selectors.PUBLIC_COLUMNS,
            "visits": visits,
            "chart": mark_safe(chart),
        },
    )
