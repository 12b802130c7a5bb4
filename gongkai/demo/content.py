"""Titles, bodies and metadata for demo catalogue items, from templates. Pure: no database.

The text never contains mobile numbers, ID numbers or secrecy markings, so the demo passes the
confidentiality pre-check like real, clean content would.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from .plan import CITY, SUBJECTS, OrgSpec, landline


@dataclass
class ItemText:
    title: str
    summary: str
    body: str
    keywords: str
    topic: str  # topic slug
    genre: str  # Genre value
    doc_number: str = ""
    doc_type: str = ""
    extras: dict[str, object] = field(default_factory=dict)


def pick_subject(org: OrgSpec, rng: random.Random) -> tuple[str, str]:
    if org.topics:
        mine = [s for s in SUBJECTS if s[1] in org.topics]
        if mine and rng.random() < 0.8:
            return rng.choice(mine)
    return rng.choice(SUBJECTS)


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _body(org: OrgSpec, subject: str, year: int, rng: random.Random, kind: str) -> str:
    opening = {
        "news": f"近日，{org.name}围绕{subject}工作召开专题会议，研究部署下一阶段重点任务。",
        "policy": f"为深入推进{subject}工作，根据有关法律法规和上级部署，结合我市实际，现就有关事项通知如下。",
        "plan": f"{year}年，{org.short_name}坚持以人民为中心的发展思想，扎实推进{subject}等各项工作。",
        "enforcement": f"根据《中华人民共和国政府信息公开条例》和行政执法公示制度要求，现将{subject}相关执法信息予以公开。",
        "finance": f"根据预算法和财政部门有关要求，现将{org.name}{year}年有关财政资金信息公开如下。",
        "other": f"为方便群众了解{subject}有关情况，现将相关信息公告如下。",
    }[kind]
    middle = rng.choice(
        (
            f"会议强调，要压实工作责任，细化任务清单，确保{subject}各项措施落地见效。",
            f"各乡镇（街道）、各有关部门要加强统筹协调，形成工作合力，按时完成{subject}年度目标任务。",
            f"全年共组织开展{subject}相关检查{rng.randint(8, 60)}次，发现并整改问题{rng.randint(5, 90)}个。",
            f"截至目前，{subject}工作完成年度任务的{rng.randint(60, 98)}%，总体进展顺利。",
        )
    )
    closing = (
        f"如有疑问，请在工作日办公时间拨打{org.short_name}咨询电话{landline(rng)}，"
        f"或通过{CITY}政府信息公开平台留言。"
    )
    return _paragraphs(opening, middle, closing)


def item_text(
    *, class_slug: str, org: OrgSpec, year: int, on: dt.date, rng: random.Random, serial: int
) -> ItemText:
    """Title, body and metadata for one item of ``class_slug`` formed on ``on``."""
    subject, topic = pick_subject(org, rng)
    name, short = org.name, org.short_name
    if class_slug == "overview":
        title = rng.choice(
            (
                f"{name}机构职能",
                f"{name}领导信息",
                f"{name}内设机构",
                f"{name}{year}年度单位概况",
                f"{name}办公地址及联系方式",
            )
        )
        return ItemText(
            title,
            f"公开{name}的机构职能、内设机构和联系方式等概况信息。",
            _body(org, subject, year, rng, "other"),
            f"{short},机构概况",
            "general",
            "其他",
        )
    if class_slug == "plans":
        title = rng.choice(
            (
                f"{name}{year}年工作要点",
                f"{name}{year}年上半年工作总结",
                f"{name}{year}年工作计划",
                f"{CITY}{year}年{subject}工作实施方案",
            )
        )
        return ItemText(
            title,
            f"{short}{year}年{subject}等重点工作的安排和完成情况。",
            _body(org, subject, year, rng, "plan"),
            f"{subject},工作计划",
            topic,
            "规划计划",
        )
    if class_slug == "policies":
        normative = org.kind != "town" and rng.random() < 0.25
        if normative:
            doc = f"{CITY}{subject}管理办法" if rng.random() < 0.6 else f"{CITY}{subject}实施细则"
            title = f"关于印发《{doc}》的通知"
        else:
            doc = f"{CITY}{year}年{subject}工作要点"
            title = rng.choice(
                (
                    f"关于印发《{doc}》的通知",
                    f"关于进一步加强{subject}工作的通知",
                    f"关于做好{year}年{subject}工作的通知",
                    f"{name}关于推进{subject}的实施意见",
                )
            )
        genre = "意见" if title.endswith("实施意见") else "通知"
        return ItemText(
            title,
            f"就{subject}工作作出部署，明确目标任务、工作措施和保障要求。",
            _body(org, subject, year, rng, "policy"),
            f"{subject},通知",
            topic,
            genre,
            doc_number=f"{org.doc_prefix}{'发' if rng.random() < 0.7 else '字'}〔{year}〕{serial}号",
            doc_type="normative" if normative else "",
            extras={"document": doc},
        )
    if class_slug == "news":
        title = rng.choice(
            (
                f"{short}召开{year}年{subject}工作会议",
                f"{short}开展{subject}专项检查",
                f"{short}扎实推进{subject}工作",
                f"{short}组织开展{subject}宣传活动",
                f"市领导到{short}调研{subject}工作",
            )
        )
        return ItemText(
            title,
            f"{short}{on.month}月{subject}工作动态。",
            _body(org, subject, year, rng, "news"),
            f"{subject},工作动态",
            topic,
            "动态",
        )
    if class_slug == "personnel":
        title = rng.choice(
            (
                f"{name}{year}年公开招聘工作人员公告",
                f"{name}{year}年公开招聘拟聘用人员公示",
                f"{name}干部任前公示",
                f"{name}{year}年公开遴选公务员公告",
            )
        )
        return ItemText(
            title,
            f"{short}人事信息。",
            _body(org, "人事管理", year, rng, "other"),
            f"{short},人事",
            "labour-personnel",
            "公告",
        )
    if class_slug == "finance":
        title = rng.choice(
            (
                f"{name}{year}年部门预算",
                f"{name}{year - 1}年部门决算",
                f"{name}{year}年“三公”经费预算情况说明",
                f"{name}{subject}项目政府采购公告",
            )
        )
        return ItemText(
            title,
            f"{short}{year}年财政资金信息。",
            _body(org, subject, year, rng, "finance"),
            f"{short},预决算,财政",
            "public-finance",
            "其他",
        )
    if class_slug == "enforcement":
        title = rng.choice(
            (
                f"{short}行政处罚决定书（{org.doc_prefix}罚〔{year}〕{serial}号）",
                f"{short}{year}年{on.month}月行政许可办理结果公示",
                f"{short}行政执法事项清单",
                f"{short}“双随机、一公开”抽查结果公示",
            )
        )
        return ItemText(
            title,
            f"{short}{subject}行政执法信息。",
            _body(org, subject, year, rng, "enforcement"),
            f"{subject},行政执法",
            topic,
            "公告",
        )
    if class_slug == "annual-report":
        title = f"{name}{year - 1}年政府信息公开工作年度报告"
        return ItemText(
            title,
            f"{name}{year - 1}年政府信息公开工作情况。",
            _body(org, "政务公开", year, rng, "plan"),
            "政府信息公开,年度报告",
            "general",
            "报告",
        )
    title = rng.choice(
        (
            f"{short}{subject}公示",
            f"关于{subject}有关事项的公告",
            f"{short}{year}年{subject}信息公开",
            f"{short}关于{subject}的通告",
        )
    )
    genre = "通告" if title.endswith("通告") else "公告"
    return ItemText(
        title,
        f"{subject}有关信息。",
        _body(org, subject, year, rng, "other"),
        subject,
        topic,
        genre,
    )


def interpretation_text(*, policy: ItemText, org: OrgSpec, rng: random.Random) -> ItemText:
    """A 政策解读 of a policy document, written by the same org."""
    doc = policy.extras.get("document", policy.title)
    return ItemText(
        f"《{doc}》政策解读",
        f"解读《{doc}》的起草背景、主要内容和适用范围。",
        _paragraphs(
            f"一、起草背景。为规范和推进相关工作，{org.name}起草了《{doc}》。",
            "二、主要内容。文件明确了适用范围、职责分工、工作程序和监督保障措施。",
            f"三、解读机关及联系方式：{org.name}，电话{landline(rng)}。",
        ),
        f"政策解读,{policy.keywords.split(',')[0]}",
        policy.topic,
        "解读",
    )
