"""The pre-2019 presentation (2008–2018 reports, like the seed), from the same records. Pure.

Before the 2021 format, reports described proactive disclosure by catalogue class and channel,
applications and how they were answered, fees, reviews and suits, then problems, in prose with
small tables. Orgs still need it to compare with their old reports and for years before 2019.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .prose import CHANNEL_LABELS, ProseFacts, yuan


@dataclass
class LegacySection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[tuple[str, str]] = field(default_factory=list)  # (label, value) rows


# How the 2021 outcome rows map onto the older answer categories.
LEGACY_ANSWERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("同意公开", ("granted",)),
    ("同意部分公开", ("partial",)),
    ("不予公开", tuple(f"denied.{i}" for i in range(1, 9))),
    ("信息不存在或非本机关掌握", ("unable.1", "unable.2")),
    ("申请内容不明确", ("unable.3",)),
    ("其他", tuple(f"not_processed.{i}" for i in range(1, 6)) + ("other.1", "other.2", "other.3")),
)


def legacy_title(org_name: str, year: int) -> str:
    return f"{org_name}{year}年政府信息公开工作年度报告"


def legacy_sections(
    *,
    org_name: str,
    year: int,
    report: Mapping[str, Any],
    facts: ProseFacts,
    problems: str = "",
) -> list[LegacySection]:
    rows = report["section3"]["rows"]
    s4 = report["section4"]
    received = rows["new"][-1]
    persons = rows["new"][0]
    sections = [
        LegacySection(
            "一、概述",
            [
                f"根据《中华人民共和国政府信息公开条例》，现公布{org_name}{year}年度政府信息公开"
                f"工作年度报告。本报告统计数据的期限为{year}年1月1日至{year}年12月31日。"
            ],
        )
    ]
    proactive = LegacySection(
        "二、主动公开政府信息情况",
        [f"{year}年，主动公开政府信息{facts.items_total}条。"],
        [(name, f"{n}条") for name, n in facts.items_by_class],
    )
    channels = [
        f"{CHANNEL_LABELS.get(kind, kind)}公开{n}条"
        for kind in ("government", "department", "town")
        if (n := facts.items_by_channel.get(kind))
    ]
    if channels:
        proactive.paragraphs.append("按公开渠道分：" + "；".join(channels) + "。")
    sections.append(proactive)

    answers = [(label, sum(rows[k][-1] for k in keys)) for label, keys in LEGACY_ANSWERS]
    sections.append(
        LegacySection(
            "三、依申请公开政府信息情况",
            [
                f"{year}年共受理政府信息公开申请{received}件，其中公民申请{persons}件，"
                f"法人和其他组织申请{received - persons}件。已答复{rows['total'][-1]}件，"
                f"尚在办理{rows['carried_out'][-1]}件。"
            ],
            [(label, f"{n}件") for label, n in answers],
        )
    )
    sections.append(
        LegacySection(
            "四、政府信息公开的收费及减免情况",
            [
                f"发出收费通知{facts.fee_notices}件，应收{yuan(facts.fees_billed_yuan)}元，"
                f"实收{yuan(facts.fees_collected_yuan)}元。"
                if facts.fee_notices
                else f"{year}年未收取政府信息公开相关费用。"
            ],
        )
    )
    suits = s4["litigation_direct"]["total"] + s4["litigation_after_review"]["total"]
    sections.append(
        LegacySection(
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
            [
                f"{year}年因政府信息公开申请行政复议{s4['review']['total']}件，"
                f"提起行政诉讼{suits}件。"
            ],
            [
                ("行政复议维持", f"{s4['review']['upheld']}件"),
                ("行政复议纠正", f"{s4['review']['corrected']}件"),
                (
                    "行政诉讼维持",
                    f"{s4['litigation_direct']['upheld'] + s4['litigation_after_review']['upheld']}件",
                ),
                (
                    "行政诉讼纠正",
                    f"{s4['litigation_direct']['corrected'] + s4['litigation_after_review']['corrected']}件",
                ),
            ],
        )
    )
    sections.append(
        LegacySection(
            "六、存在的主要问题和改进措施",
            [p.strip() for p in problems.split("\n") if p.strip()] or ["（待填写）"],
        )
    )
    return sections
