"""Search index rows, the extendable dictionary and query statistics.

The index is our own table rather than Wagtail's search index: Wagtail's database backends do not
segment Chinese (see docs/search.md). Each vendor adds its own full-text structure over
``SearchDocument`` in migration 0002: an FTS5 table on SQLite, a weighted tsvector column with a
GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTerm(models.Model):
    """A word the segmenter keeps whole, or a synonym group. Extends the shipped defaults."""

    class Kind(models.TextChoices):
        WORD = "word", _("自定义词")
        SYNONYM = "synonym", _("同义词组")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.WORD)
    term = models.CharField(
        _("词语"),
        max_length=200,
        help_text=_("自定义词填一个词；同义词组填多个词，用空格分隔，例如“低保 最低生活保障”。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("搜索词库")
        verbose_name_plural = _("搜索词库")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "term"], name="search_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term


class SearchDocument(models.Model):
    """One public catalogue item as the search engine sees it: segmented text plus filters.

    Filter columns are copied from the item so that a search never joins the catalogue tables;
    the ``*_seg`` columns hold space-separated tokens from ``segment.Segmenter.segment_for_index``.
    """

    item = models.OneToOneField(
        "catalogue.CatalogueItem",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
        db_constraint=False,  # the benchmark fills this table without catalogue rows
    )
    org_id = models.BigIntegerField(db_index=True)
    category_id = models.BigIntegerField()
    topic_id = models.BigIntegerField(null=True)
    year = models.PositiveSmallIntegerField(null=True)
    doc_type = models.CharField(max_length=16, blank=True)
    validity = models.CharField(max_length=16, blank=True)
    genre = models.CharField(max_length=16, blank=True)
    published_on = models.DateField(null=True)
    doc_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    index_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    title_seg = models.TextField(blank=True)
    number_seg = models.TextField(blank=True)
    meta_seg = models.TextField(blank=True)
    body_seg = models.TextField(blank=True)
    # Filter values as index tokens (segment.filter_tags): filters are resolved by the index.
    tag_seg = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["-published_on", "-item"], name="search_doc_latest"),
        ]

    def __str__(self) -> str:
        return f"search document {self.pk}"


class SearchQueryLog(models.Model):
    """How often a normalised query was searched in a month, and how often it found nothing."""

    month = models.CharField(_("月份"), max_length=7)  # YYYY-MM
    query = models.CharField(_("检索词"), max_length=100)
    count = models.PositiveIntegerField(_("检索次数"), default=0)
    zero_result_count = models.PositiveIntegerField(_("无结果次数"), default=0)

    class Meta:
        verbose_name = _("检索统计")
        verbose_name_plural = _("检索统计")
        constraints = [
            models.UniqueConstraint(fields=["month", "query"], name="search_log_unique"),
        ]
        indexes = [models.Index(fields=["month", "-count"], name="search_log_top")]

    def __str__(self) -> str:
        return f"{self.month} {self.query}"
