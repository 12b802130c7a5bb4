"""Generated first drafts of the prose sections (一、五、六) from the org's figures. Pure.

Staff edit the draft; it only saves them retyping numbers that are already in the tables and
the records (and the mistakes that come with retyping). Where a fact has no record on the
platform (press conferences, say), the sentence is left out rather than invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.statute import layout

CHANNEL_LABELS = {"government": "本级", "department": "部门", "town": "乡镇（街道）"}


@dataclass(frozen=True)
class ProseFacts:
    items_total: int = 0
    items_by_class: tuple[tuple[str, int], ...] = ()
    items_by_channel: Mapping[str, int] = field(default_factory=dict)
    fee_notices: int = 0
    fees_billed_yuan: Decimal = Decimal(0)
    fees_collected_yuan: Decimal = Decimal(0)
    press_conferences: int | None = None
    mailbox_letters: int | None = None


def change_phrase(current: int | Decimal, previous: int | Decimal | None) -> str:
    """``，同比增长12.5%`` / ``，同比下降…`` / ``，与上年持平``; empty without a base."""
    if previous is None:
        return ""
    if current == previous:
        return "，与上年持平"
    if previous == 0:
        return f"，上年为{previous}"
    pct = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    pct = pct.quantize(Decimal("0.1"))
    word = "增长" if pct > 0 else "下降"
    return f"，同比{word}{abs(pct)}%"


def yuan(amount: Decimal) -> str:
    normal = Decimal(amount).quantize(Decimal("0.01"))
    text = f"{normal:f}"
    return text[:-3] if text.endswith(".00") else text


def _outcomes(report: Mapping[str, Any]) -> dict[str, int]:
    rows = report["section3"]["rows"]
    total = -1  # the 总计 column
    groups: dict[str, int] = {}
    for row in layout.section3_rows():
        if row.key not in layout.outcome_keys():
            continue
        name = row.subgroup or row.label
        name = name.split("（区分")[0]  # "（二）部分公开（区分处理的…）" -> "（二）部分公开"
        name = name[3:] if name.startswith("（") else name
        groups[name] = groups.get(name, 0) + rows[row.key][total]
    return groups


def draft_prose(
    *,
    org_name: str,
    year: int,
    report: Mapping[str, Any],
    facts: ProseFacts,
    previous_report: Mapping[str, Any] | None = None,
    previous_facts: ProseFacts | None = None,
) -> dict[str, str]:
    """Drafts of 一、总体情况, 五、存在的主要问题及改进情况 and 六、其他需要报告的事项."""
    rows = report["section3"]["rows"]
    prev_rows = previous_report["section3"]["rows"] if previous_report else None
    new = rows["new"][-1]
    concluded = rows["total"][-1]
    carried_out = rows["carried_out"][-1]

    paragraphs: list[str] = [
        f"{year}年，{org_name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。现将本年度工作情况报告如下。"
    ]
    proactive = (
        f"（一）主动公开。全年通过政府信息公开平台主动公开政府信息{facts.items_total}条"
        + change_phrase(facts.items_total, previous_facts.items_total if previous_facts else None)
    )
    if facts.items_by_class:
        proactive += "。其中，" + "，".join(f"{name}{n}条" for name, n in facts.items_by_class)
    channels = [
        f"{CHANNEL_LABELS.get(kind, kind)}{n}条"
        for kind in ("government", "department", "town")
        if (n := facts.items_by_channel.get(kind))
    ]
    if len(channels) > 1:
        proactive += "；按公开渠道分，" + "，".join(channels)
    s2 = report["section2"]
    made = s2["regulations"]["made"] + s2["normative_documents"]["made"]
    proactive += (
        f"。本年制发规章{s2['regulations']['made']}件、行政规范性文件"
        f"{s2['normative_documents']['made']}件，现行有效规章{s2['regulations']['in_force']}件、"
        f"行政规范性文件{s2['normative_documents']['in_force']}件"
    )
    if made == 0:
        proactive += "（本年未制发）"
    paragraphs.append(proactive + "。")

    outcomes = _outcomes(report)
    applications = (
        f"（二）依申请公开。本年新收政府信息公开申请{new}件"
        + change_phrase(new, prev_rows["new"][-1] if prev_rows else None)
        + f"，上年结转{rows['carried_in'][-1]}件；办结{concluded}件"
        + (
            "，其中" + "，".join(f"{name}{n}件" for name, n in outcomes.items() if n)
            if concluded
            else ""
        )
        + f"；结转下年度继续办理{carried_out}件。"
    )
    paragraphs.append(applications)

    s4 = report["section4"]
    reviews = s4["review"]["total"]
    suits = s4["litigation_direct"]["total"] + s4["litigation_after_review"]["total"]
    corrected = sum(s4[g]["corrected"] for g in s4)
    appeals = (
        f"（三）复议诉讼。本年因政府信息公开工作被申请行政复议{reviews}件、提起行政诉讼{suits}件"
    )
    appeals += f"，其中结果被纠正{corrected}件。" if reviews + suits else "。"
    paragraphs.append(appeals)

    extras: list[str] = []
    if facts.press_conferences is not None:
        extras.append(f"召开新闻发布会{facts.press_conferences}场")
    if facts.mailbox_letters is not None:
        extras.append(f"办理市长信箱来信{facts.mailbox_letters}件")
    if extras:
        paragraphs.append("（四）政民互动。全年" + "，".join(extras) + "。")

    problems = (
        "本年度政府信息公开工作还存在一些不足：（待填写：主动公开的深度和广度、"
        "依申请公开答复的规范性、平台建设等方面的问题）。\n\n"
        "下一步，我们将（待填写：针对上述问题的改进措施）。"
    )
    if carried_out:
        problems = (
            f"本年度有{carried_out}件政府信息公开申请结转下年度继续办理，将按法定期限及时办结。\n\n"
            + problems
        )

    other = (
        f"本年度发出信息处理费收费通知{facts.fee_notices}件，"
        f"应收信息处理费{yuan(facts.fees_billed_yuan)}元，"
        f"实际收取{yuan(facts.fees_collected_yuan)}元。"
        if facts.fee_notices or facts.fees_collected_yuan
        else "本年度未收取信息处理费。"
    )
    return {
        "overview": "\n\n".join(paragraphs),
        "problems": problems,
        "other_matters": other,
    }
