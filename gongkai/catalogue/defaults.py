"""The catalogue's default classes (组配分类) and topics (主题分类) every instance starts with.

A data migration writes them (``0003_default_classes_and_topics``), so a fresh install can import
and publish at once; each org gets its own copy of the classes when it is registered
(``catalogue.services.categories_ensure_for_org``) and may then rename, add or drop its own.
Pure data and one idempotent function that takes the models, so the migration can pass its
historical ones.

The classes are those of the State Council's 2008 catalogue practice that county-level annual
reports count by (概况类 … 其他类, see the seed report), plus 年度报告 for the statutory report; the
topics are the national 主题分类 (based on the State Council's subject-word list) followed by the
key columns (重点领域) the portal's home page features.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    freshness: str  # Category.Freshness value


DEFAULT_CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("overview", "概况类", "other"),
    CategorySpec("plans", "计划总结类", "other"),
    CategorySpec("policies", "法规公文类", "notice"),
    CategorySpec("news", "工作动态类", "news"),
    CategorySpec("personnel", "人事类", "other"),
    CategorySpec("finance", "财政信息类", "notice"),
    CategorySpec("enforcement", "行政执法信息", "notice"),
    CategorySpec("other", "其他类", "other"),
    CategorySpec("annual-report", "年度报告", "other"),
)

# (slug, name): the national 主题分类, then the key columns as featured topics.
NATIONAL_TOPICS: tuple[tuple[str, str], ...] = (
    ("general", "综合政务"),
    ("economy", "国民经济管理"),
    ("finance-audit", "财政、金融、审计"),
    ("land-energy", "国土资源、能源"),
    ("agriculture", "农业、林业、水利"),
    ("industry-transport", "工业、交通"),
    ("commerce-tourism", "商贸、海关、旅游"),
    ("market-safety", "市场监管、安全生产监管"),
    ("construction-environment", "城乡建设、环境保护"),
    ("science-education", "科技、教育"),
    ("culture-media", "文化、广电、新闻出版"),
    ("health-sports", "卫生、体育"),
    ("population-family", "人口与计划生育、妇女儿童工作"),
    ("labour-personnel", "劳动、人事、监察"),
    ("police-justice", "公安、安全、司法"),
    ("civil-affairs", "民政、扶贫、救灾"),
    ("other", "其他"),
)
FEATURED_TOPICS: tuple[tuple[str, str], ...] = (
    ("public-finance", "财政信息"),
    ("food-safety", "食品安全"),
    ("environment", "环境保护"),
    ("work-safety", "安全生产"),
    ("prices-fees", "价格收费"),
    ("land-expropriation", "征地拆迁"),
    ("affordable-housing", "保障性住房"),
    ("education", "教育"),
    ("healthcare", "医疗卫生"),
)


def taxonomy_defaults_ensure(category_model, topic_model) -> tuple[int, int]:
    """Create the default classes (org=None) and topics that are missing; never changes or
    deletes what exists (the general office may have renamed them). Returns what was created.

    A class is matched by its slug; a topic by its slug or its name (both are unique).
    """
    have = set(category_model.objects.filter(org__isnull=True).values_list("slug", flat=True))
    classes = [
        category_model(org=None, name=s.name, slug=s.slug, sort_order=n, freshness=s.freshness)
        for n, s in enumerate(DEFAULT_CATEGORIES)
        if s.slug not in have
    ]
    category_model.objects.bulk_create(classes)
    slugs = set(topic_model.objects.values_list("slug", flat=True))
    names = set(topic_model.objects.values_list("name", flat=True))
    specs = [(s, n, False) for s, n in NATIONAL_TOPICS] + [(s, n, True) for s, n in FEATURED_TOPICS]
    topics = [
        topic_model(slug=slug, name=name, sort_order=order, featured=featured)
        for order, (slug, name, featured) in enumerate(specs)
        if slug not in slugs and name not in names
    ]
    topic_model.objects.bulk_create(topics)
    return len(classes), len(topics)
