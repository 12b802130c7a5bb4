"""The public deadline calculator: anyone can check how a statutory deadline is counted."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.calendar.forms import CalculatorMode, DeadlineCalculatorForm
from gongkai.calendar.selectors import get_work_calendar


def calculator(request: HttpRequest) -> HttpResponse:
    """GET only: the answer is a pure function of the query, so its URL can be shared."""
    form = DeadlineCalculatorForm(request.GET or None)
    result = None
    if form.is_valid():
        calendar = get_work_calendar()
        start = form.cleaned_data["start"]
        days = form.cleaned_data["days"]
        steps: list[str] = []
        provisional = False
        if form.cleaned_data.get("mode") == CalculatorMode.APPLICATION:
            check = calendar.is_workday(start)
            provisional |= check.provisional
            if not check:
                nxt = calendar.next_workday(start)
                provisional |= nxt.provisional
                steps.append(
                    _("%(reason)s，收到申请之日顺延至下一个工作日 %(date)s")
                    % {"reason": check.steps[0], "date": nxt.date.isoformat()}
                )
                start = nxt.date
        try:
            added = calendar.add_workdays(start, days)
        except OverflowError:
            form.add_error("start", _("结果超出可计算的日期范围。"))
        else:
            provisional |= added.provisional
            steps += added.steps
            result = {"start": start, "date": added.date, "provisional": provisional}
            result["steps"] = steps
    return render(request, "workcalendar/calculator.html", {"form": form, "result": result})
