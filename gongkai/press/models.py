"""Press conferences (新闻发布会), regular briefings (新闻例会) and media briefings (媒体吹风会).

Records of a few dozen events a year per city: a snippet with inline question-and-answer pairs
and media links, edited in the Wagtail admin by the host org and listed on the portal.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from gongkai.orgs.models import Org


class Kind(models.TextChoices):
    CONFERENCE = "conference", _("新闻发布会")
    REGULAR = "regular", _("新闻例会")
    BRIEFING = "briefing", _("媒体吹风会")


class PressConferenceQuerySet(models.QuerySet["PressConference"]):
    def public(self) -> PressConferenceQuerySet:
        return self.filter(live=True)


class PressConference(ClusterableModel):
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.CONFERENCE)
    title = models.CharField(_("标题"), max_length=200)
    held_on = models.DateField(_("举办日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    host_org = models.ForeignKey(
        Org, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="press_conferences"
    )
    spokespersons = models.TextField(
        _("发布人"), blank=True, help_text=_("每行一位：姓名 单位及职务")
    )
    topics = models.TextField(_("发布主题"), blank=True, help_text=_("每行一项"))
    summary = models.TextField(_("内容摘要"), blank=True)
    transcript = models.TextField(_("发布词（实录）"), blank=True)
    media_present = models.TextField(_("出席媒体"), blank=True, help_text=_("每行一家"))
    policies = ParentalManyToManyField(
        "catalogue.CatalogueItem",
        verbose_name=_("解读的政策文件"),
        blank=True,
        related_name="press_conferences",
    )
    live = models.BooleanField(_("在网站公开"), default=False)

    objects = PressConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("新闻发布会")
        verbose_name_plural = _("新闻发布会")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("press:detail", args=[self.pk])

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def spokesperson_list(self) -> list[str]:
        return self._lines(self.spokespersons)

    @property
    def topic_list(self) -> list[str]:
        return self._lines(self.topics)

    @property
    def media_list(self) -> list[str]:
        return self._lines(self.media_present)


class QAPair(Orderable):
    conference = ParentalKey(PressConference, on_delete=models.CASCADE, related_name="qa_pairs")
    media = models.CharField(_("提问媒体"), max_length=100, blank=True)
    question = models.TextField(_("提问"))
    answered_by = models.CharField(_("回答人"), max_length=100, blank=True)
    answer = models.TextField(_("回答"))

    class Meta(Orderable.Meta):
        verbose_name = _("答记者问")
        verbose_name_plural = _("答记者问")


class MediaLink(Orderable):
    class LinkKind(models.TextChoices):
        PHOTO = "photo", _("图片")
        VIDEO = "video", _("视频")
        OTHER = "other", _("其他")

    conference = ParentalKey(PressConference, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("类型"), max_length=8, choices=LinkKind.choices)
    title = models.CharField(_("说明"), max_length=200)
    url = models.URLField(_("链接"), max_length=500)

    class Meta(Orderable.Meta):
        verbose_name = _("图片视频链接")
        verbose_name_plural = _("图片视频链接")
