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


# --- Activity texts: applications, letters, press conferences -------------------------------

APPLICATION_REQUESTS: tuple[str, ...] = (
    "{year}年{subject}工作的实施方案及资金使用情况",
    "本单位{year}年部门预算、决算中“三公”经费的明细",
    "{place}涉及的征地补偿安置方案及批复文件",
    "{place}棚户区改造项目的立项批复和规划许可文件",
    "{year}年{subject}专项资金的分配结果",
    "关于{subject}的会议纪要及相关文件",
    "{place}某建设项目的环境影响评价批复",
    "{year}年度行政处罚决定书（涉及本人经营的门店）",
    "{place}道路改造工程的招标文件和中标结果",
    "{year}年{subject}考核结果及排名",
    "本人户籍所在地{place}的房屋拆迁评估报告",
    "{place}学校划片招生的依据和范围文件",
)
APPLICATION_PURPOSES: tuple[str, ...] = (
    "了解政策，维护自身合法权益",
    "学术研究",
    "企业经营决策参考",
    "代理诉讼需要",
    "",
)
LEGAL_BASIS: dict[str, str] = {
    "granted": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "partial": "《中华人民共和国政府信息公开条例》第三十七条",
    "denied": "《中华人民共和国政府信息公开条例》第十四条、第十五条、第十六条",
    "unable.1": "《中华人民共和国政府信息公开条例》第三十六条第（五）项",
    "unable.2": "《中华人民共和国政府信息公开条例》第三十八条",
    "unable.3": "《中华人民共和国政府信息公开条例》第三十条",
    "not_processed": "《中华人民共和国政府信息公开条例》第三十五条、第三十六条第（六）项、第三十九条",
    "other": "《中华人民共和国政府信息公开条例》第三十条、第四十二条",
}
REPLY_SUMMARIES: dict[str, str] = {
    "granted": "经查，您申请的政府信息属于公开范围，现将相关信息提供给您。",
    "partial": "经查，您申请的信息中涉及第三方合法权益的内容不予公开，其余部分提供给您。",
    "denied": "经审查，您申请的信息依法不予公开。",
    "unable": "经检索，无法提供您申请的政府信息。",
    "not_processed": "您的申请不属于政府信息公开申请的处理范围，本机关不予处理。",
    "other": "您的申请依法不再处理。",
}


def application_request(
    *, subject: str, year: int, place: str, rng: random.Random
) -> tuple[str, str]:
    """(description, purpose) of a fictional application."""
    text = rng.choice(APPLICATION_REQUESTS).format(subject=subject, year=year, place=place)
    return f"请提供{text}。", rng.choice(APPLICATION_PURPOSES)


def outcome_texts(outcome: str) -> tuple[str, str]:
    """(legal basis, reply summary) for a coded outcome (``denied.4`` → the ``denied`` text)."""
    family = outcome.split(".")[0]
    basis = LEGAL_BASIS.get(outcome) or LEGAL_BASIS[family]
    return basis, REPLY_SUMMARIES[family]


LETTER_CATEGORY_SUBJECTS: dict[str, tuple[str, ...]] = {
    "咨询": (
        "咨询{subject}的办理条件",
        "关于{subject}政策的咨询",
        "{place}的{subject}什么时候开始申报？",
    ),
    "建议": (
        "建议加快{place}道路改造",
        "关于完善{subject}的建议",
        "建议在{place}增设公交站点",
    ),
    "投诉": (
        "{place}夜间施工噪音扰民",
        "反映{place}某小区物业服务问题",
        "投诉{place}路段占道经营",
    ),
    "求助": (
        "{place}村民饮水困难求助",
        "家中老人{subject}方面的求助",
        "请求协调解决{place}路灯不亮问题",
    ),
    "其他": ("对{subject}工作的意见", "反映{place}有关情况"),
}


def letter_text(*, category: str, subject: str, place: str, rng: random.Random) -> tuple[str, str]:
    """(subject line, content) of a fictional letter; no names, numbers or addresses in it."""
    pool = LETTER_CATEGORY_SUBJECTS.get(category, LETTER_CATEGORY_SUBJECTS["其他"])
    title = rng.choice(pool).format(subject=subject, place=place)[:100]
    content = (
        f"尊敬的市长：您好！我是{place}的居民，{title}。"
        f"{rng.choice(('此事已持续一段时间，', '周边群众反映较多，', '我们多方了解未果，'))}"
        f"希望有关部门能够重视并尽快答复。谢谢！"
    )
    return title, content


def letter_reply_text(*, org_name: str, title: str, rng: random.Random, again: bool = False) -> str:
    lead = "经再次核查，" if again else "经调查核实，"
    return (
        f"您好！您反映的“{title}”收悉。{lead}{org_name}已安排专人跟进处理，"
        f"{rng.choice(('相关问题已整改到位。', '已纳入近期工作计划并逐步落实。', '现将有关政策答复如下：请按规定向所在地政务服务中心窗口提交材料办理。'))}"
        f"如有疑问，请在工作日与{org_name}联系。感谢您对我市工作的关心和支持！"
    )


PRESS_MEDIA: tuple[str, ...] = (
    "澜江日报",
    "澜江广播电视台",
    "澜江发布",
    "江南晨报",
    "省广播电视台",
    "新华网",
)


def press_text(
    *, kind: str, host: str, subject: str, year: int, policy_title: str, rng: random.Random
) -> dict[str, object]:
    """Title, topics, summary, transcript and Q&A pairs of a fictional press event."""
    topic = f"解读《{policy_title}》" if policy_title else f"介绍{year}年{subject}工作情况"
    label = (
        "新闻发布会"
        if kind == "conference"
        else ("新闻例会" if kind == "regular" else "媒体吹风会")
    )
    title = f"{host}{topic}{label}"[:200]
    spokesman = f"{host}新闻发言人"
    qa = []
    for _n in range(rng.randint(2, 4)):
        media = rng.choice(PRESS_MEDIA)
        qa.append(
            {
                "media": media,
                "question": f"请问{subject}方面今年有哪些新的举措？群众如何享受到政策红利？",
                "answered_by": spokesman,
                "answer": (
                    f"今年我们在{subject}方面重点做了三件事：一是完善制度，二是优化服务流程，"
                    "三是加强督促检查。群众可通过政府信息公开平台和政务服务中心了解办理指南。"
                ),
            }
        )
    return {
        "title": title,
        "topics": topic,
        "summary": f"{host}举行{label}，{topic}，并回答记者提问。",
        "transcript": (
            f"各位记者朋友：大家好！欢迎参加今天的{label}。今天主要{topic}。"
            f"{year}年以来，{host}围绕{subject}工作，坚持以人民为中心，各项工作有序推进。"
        ),
        "media": "\n".join(rng.sample(PRESS_MEDIA, 3)),
        "spokesperson": spokesman,
        "qa": qa,
    }
