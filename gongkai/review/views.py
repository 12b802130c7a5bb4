"""Admin views of the review workflow. Thin: permission checks, then a service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.catalogue.models import CatalogueItem
from gongkai.orgs.scoping import can_see_org

from . import services
from .forms import KeepFindingForm, WithdrawForm
from .models import PrecheckFinding, ReviewStep, user_may_act
from .selectors import review_queue, review_record


def _visible_item(request, pk) -> CatalogueItem:
    item = get_object_or_404(CatalogueItem.objects.select_related("org"), pk=pk)
    if not can_see_org(request.user, item.org_id):
        raise PermissionDenied
    return item


class ReviewQueueView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("待我审批")
    header_icon = "tasks"
    template_name = "review/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = review_queue(user=self.request.user)
        return context


class ItemReviewView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("保密审查工作台")
    header_icon = "doc-full"
    template_name = "review/item.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = _visible_item(self.request, self.kwargs["pk"])
        user = self.request.user
        context.update(
            item=item,
            draft=item.get_latest_revision_as_object(),
            findings=item.precheck_findings.select_related("resolved_by"),
            can_resolve=user_may_act(user, item.org_id, ReviewStep.REVIEW),
            can_withdraw=item.live
            and item.withdrawn_at is None
            and user_may_act(user, item.org_id, ReviewStep.SIGNOFF),
            keep_form=KeepFindingForm(),
            withdraw_form=WithdrawForm(),
            edit_url=reverse(CatalogueItem.snippet_viewset.get_url_name("edit"), args=[item.pk]),
            workflow_state=item.current_workflow_state,
        )
        return context


class ItemPrecheckView(View):
    """Run the pre-check on the latest draft now: editors use it before they submit."""

    def post(self, request, pk):
        item = _visible_item(request, pk)
        found = services.item_precheck(item=item, text_source=item.get_latest_revision_as_object())
        if found:
            messages.warning(request, _("预审发现 %(n)d 处需要处理的内容。") % {"n": len(found)})
        else:
            messages.success(request, _("预审未发现身份证号、手机号、银行卡号、密级标志或敏感词。"))
        return redirect("review:item", pk=item.pk)


class FindingActionView(View):
    def post(self, request, pk, action):
        finding = get_object_or_404(PrecheckFinding.objects.select_related("item"), pk=pk)
        if not can_see_org(request.user, finding.item.org_id):
            raise PermissionDenied
        try:
            if action == "mask":
                services.finding_mask(finding=finding, user=request.user)
            elif action == "remove":
                services.finding_mark_removed(finding=finding, user=request.user)
            elif action == "keep":
                form = KeepFindingForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("请写明保留理由。"))
                services.finding_keep(
                    finding=finding, user=request.user, reason=form.cleaned_data["reason"]
                )
            else:
                raise PermissionDenied
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已处理：%(finding)s") % {"finding": finding})
        return redirect("review:item", pk=finding.item_id)


class WithdrawView(View):
    def post(self, request, pk):
        item = _visible_item(request, pk)
        form = WithdrawForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("请写明撤回原因。"))
            services.item_withdraw(item=item, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已撤回，原页面将显示撤回说明。"))
        return redirect("review:item", pk=item.pk)


class ReviewRecordView(View):
    """The 送审单 of an item as an HTML page, or as a PDF with ``?format=pdf``."""

    def get(self, request, pk):
        item = _visible_item(request, pk)
        context = review_record(item=item)
        html = render_to_string("review/record.html", context, request=request)
        if request.GET.get("format") == "pdf":
            from weasyprint import HTML

            pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="review-record-{item.pk}.pdf"'
            return response
        return HttpResponse(html)
