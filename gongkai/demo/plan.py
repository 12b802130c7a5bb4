"""The fictional city of 澜江市 and how many catalogue items each org publishes. Pure: no database.

The numbers come from the seed, a real county-level city's 2011 annual report: 9,219 items, split
by class (概况类 267 … 其他类 2944) and by channel (towns 3,061, departments 4,112, the rest by
the government itself). ``--scale city`` reproduces 2011 exactly and keeps the same mix in later
years, so every supervision and report page has realistic proportions to show.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gongkai.catalogue.defaults import DEFAULT_CATEGORIES
from gongkai.pii.checkdigits import credit_code_check_char, org_code_check_char

CITY = "澜江市"
CITY_SHORT = "澜"
AREA_CODE = "0795"
DIVISION_CODE = "990181"  # no province has code 99: the division cannot be a real place

SCALES = ("small", "city", "million")

# --- Catalogue classes and topics -------------------------------------------------------------

# The demo files its items under every instance's default classes (a data migration makes them;
# see gongkai.catalogue.defaults).
CATEGORIES = DEFAULT_CATEGORIES
SEED_CLASSES = tuple(c.slug for c in CATEGORIES if c.slug != "annual-report")

# The seed's 2011 split: "概况类267条；计划总结类62条；法规公文类557条；工作动态类3896条；
# 人事类201条；财政信息类289条；行政执法信息1003条；其他类信息2944条" (sum 9219).
SEED_2011_CLASSES: dict[str, int] = {
    "overview": 267,
    "plans": 62,
    "policies": 557,
    "news": 3896,
    "personnel": 201,
    "finance": 289,
    "enforcement": 1003,
    "other": 2944,
}
# "乡镇（街道）信息公开3061条；部门（单位）主动公开政府信息4112条" of 9219: the government 2046.
SEED_2011_CHANNELS: dict[str, int] = {"town": 3061, "department": 4112, "government": 2046}

# Subjects of documents and news, with the topic slug they file under.
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("安全生产", "work-safety"),
    ("安全生产大检查", "work-safety"),
    ("食品安全", "food-safety"),
    ("校园食品安全", "food-safety"),
    ("大气污染防治", "environment"),
    ("河湖长制", "environment"),
    ("生态环境保护", "environment"),
    ("义务教育", "education"),
    ("学前教育", "education"),
    ("基本医疗保险", "healthcare"),
    ("基层医疗卫生服务", "healthcare"),
    ("保障性住房", "affordable-housing"),
    ("公共租赁住房", "affordable-housing"),
    ("集体土地征收", "land-expropriation"),
    ("国有土地上房屋征收", "land-expropriation"),
    ("行政事业性收费", "prices-fees"),
    ("价格监督检查", "prices-fees"),
    ("预算绩效管理", "public-finance"),
    ("政府采购", "public-finance"),
    ("优化营商环境", "general"),
    ("数字政府建设", "general"),
    ("政务公开", "general"),
    ("重点项目建设", "economy"),
    ("统计调查", "economy"),
    ("防汛抗旱", "agriculture"),
    ("高标准农田建设", "agriculture"),
    ("森林防火", "agriculture"),
    ("农村人居环境整治", "agriculture"),
    ("农村公路养护", "industry-transport"),
    ("工业园区发展", "industry-transport"),
    ("招商引资", "commerce-tourism"),
    ("文化旅游消费", "commerce-tourism"),
    ("特种设备安全", "market-safety"),
    ("城乡环境综合整治", "construction-environment"),
    ("老旧小区改造", "construction-environment"),
    ("科技创新", "science-education"),
    ("公共文化服务", "culture-media"),
    ("全民健身", "health-sports"),
    ("妇女儿童发展", "population-family"),
    ("就业创业", "labour-personnel"),
    ("平安建设", "police-justice"),
    ("法治政府建设", "police-justice"),
    ("城乡低保", "civil-affairs"),
    ("困难群众救助", "civil-affairs"),
)

# --- Orgs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str  # full name
    short_name: str
    kind: str  # Org.Kind value
    doc_prefix: str  # 发文字号 prefix, e.g. 澜教发
    topics: tuple[str, ...]  # topic slugs its subjects come from ('' = any)
    credit_code: str = ""


# (code suffix, name, 文号 abbreviation, topics, function phrase)
DEPARTMENTS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    (
        "bgs",
        "人民政府办公室",
        "府办",
        ("general",),
        "协助市政府领导处理政府日常工作，负责全市政务公开工作的组织协调和监督指导",
    ),
    (
        "fgw",
        "发展和改革委员会",
        "发改",
        ("economy", "prices-fees"),
        "拟订并组织实施全市国民经济和社会发展规划",
    ),
    (
        "jyj",
        "教育局",
        "教",
        ("education", "science-education"),
        "负责全市各级各类教育的统筹规划和协调管理",
    ),
    ("kjj", "科学技术局", "科", ("science-education",), "拟订全市科技发展规划和政策并组织实施"),
    ("gxj", "工业和信息化局", "工信", ("industry-transport",), "推进全市工业化和信息化融合发展"),
    ("gaj", "公安局", "公", ("police-justice",), "负责全市公安工作，维护社会治安秩序"),
    ("mzj", "民政局", "民", ("civil-affairs",), "负责全市社会救助、社会组织登记管理和基层政权建设"),
    ("sfj", "司法局", "司", ("police-justice",), "负责全市法治政府建设的统筹协调和公共法律服务"),
    (
        "czj",
        "财政局",
        "财",
        ("public-finance", "finance-audit"),
        "负责全市财政收支、预算管理和政府采购监督管理",
    ),
    (
        "rsj",
        "人力资源和社会保障局",
        "人社",
        ("labour-personnel",),
        "负责全市就业、社会保险和人事人才工作",
    ),
    (
        "zrzyj",
        "自然资源局",
        "自然资",
        ("land-energy", "land-expropriation"),
        "负责全市自然资源调查监测、国土空间规划和用途管制",
    ),
    ("sthjj", "生态环境局", "环", ("environment",), "负责全市生态环境保护的监督管理"),
    (
        "zjj",
        "住房和城乡建设局",
        "建",
        ("affordable-housing", "construction-environment"),
        "负责全市住房保障和城乡建设管理",
    ),
    ("jtysj", "交通运输局", "交", ("industry-transport",), "负责全市公路、水路交通运输行业管理"),
    ("slj", "水利局", "水", ("agriculture",), "负责全市水资源管理、水利工程建设和防汛抗旱"),
    ("nyncj", "农业农村局", "农", ("agriculture",), "统筹研究和组织实施全市“三农”工作"),
    ("swj", "商务局", "商", ("commerce-tourism",), "负责全市内外贸易和招商引资工作"),
    (
        "wglj",
        "文化广电旅游局",
        "文旅",
        ("culture-media", "commerce-tourism"),
        "负责全市文化事业、广播电视和旅游业发展",
    ),
    (
        "wjw",
        "卫生健康委员会",
        "卫健",
        ("healthcare", "health-sports"),
        "负责全市医疗卫生和健康事业发展",
    ),
    ("tyjrswj", "退役军人事务局", "退役", ("civil-affairs",), "负责全市退役军人服务保障工作"),
    ("yjglj", "应急管理局", "应急", ("work-safety",), "负责全市应急管理和安全生产综合监督管理"),
    ("sjj", "审计局", "审", ("finance-audit",), "负责全市审计监督工作"),
    (
        "scjgj",
        "市场监督管理局",
        "市监",
        ("food-safety", "market-safety", "prices-fees"),
        "负责全市市场综合监督管理和食品安全监督管理",
    ),
    ("tjj", "统计局", "统", ("economy",), "负责全市统计调查和统计数据发布"),
    ("ybj", "医疗保障局", "医保", ("healthcare",), "负责全市医疗保障制度的组织实施"),
    ("lyj", "林业局", "林", ("agriculture",), "负责全市林业资源保护和森林防火工作"),
    (
        "cgj",
        "城市管理局",
        "城管",
        ("construction-environment",),
        "负责全市市容环境卫生和城市综合管理",
    ),
    ("xzspj", "行政审批局", "审批", ("general",), "负责集中行使行政许可事项和政务服务工作"),
    ("xfj", "信访局", "信", ("general",), "负责全市信访工作的综合协调和督查督办"),
    ("sjglj", "数据局", "数据", ("general",), "负责全市数据资源整合共享和数字政府建设"),
)

# 32 invented towns and streets: 4 街道, 22 镇, 6 乡.
TOWNS: tuple[str, ...] = (
    "澜湖街道",
    "望江街道",
    "青枫街道",
    "新渡街道",
    "云溪镇",
    "石桥镇",
    "白沙镇",
    "枫林镇",
    "沙洲镇",
    "鹤鸣镇",
    "桂溪镇",
    "长岭镇",
    "清水镇",
    "双河镇",
    "柳塘镇",
    "凤岗镇",
    "金竹镇",
    "松坪镇",
    "雁湖镇",
    "杏坪镇",
    "龙潭镇",
    "梅岭镇",
    "桃源镇",
    "碧溪镇",
    "黄泥镇",
    "苍岭镇",
    "竹山乡",
    "鸣石乡",
    "花桥乡",
    "栗源乡",
    "苇塘乡",
    "芦溪乡",
)


def credit_code_for(serial: int) -> str:
    """A fictional but well-formed credit code for an organ (登记管理部门 1, 机关 1).

    The embedded organisation code starts with letters (MB…), so the whole code never looks
    like an 18-digit resident ID number to the confidentiality pre-check.
    """
    body = f"MB{serial:06d}"
    first17 = f"11{DIVISION_CODE}{body}{org_code_check_char(body)}"
    return first17 + credit_code_check_char(first17)


def org_specs(scale: str) -> list[OrgSpec]:
    """Government, departments (办公室 first) and towns for the scale, with their codes."""
    gov = OrgSpec(
        code="lj",
        name=f"{CITY}人民政府",
        short_name="市政府",
        kind="government",
        doc_prefix=f"{CITY_SHORT}府",
        topics=(),
        credit_code=credit_code_for(1),
    )
    departments = DEPARTMENTS if scale != "small" else DEPARTMENTS[:3]
    towns = TOWNS if scale != "small" else (TOWNS[0], TOWNS[4])
    specs = [gov]
    for n, (suffix, name, abbr, topics, _fn) in enumerate(departments, start=2):
        specs.append(
            OrgSpec(
                code=f"lj-{suffix}",
                name=f"{CITY}{name}",
                short_name=name.removeprefix("人民政府"),
                kind="department",
                doc_prefix=f"{CITY_SHORT}{abbr}",
                topics=topics,
                credit_code=credit_code_for(n),
            )
        )
    for n, town in enumerate(towns, start=1):
        specs.append(
            OrgSpec(
                code=f"lj-t{n:02d}",
                name=f"{CITY}{town}" + ("办事处" if town.endswith("街道") else "人民政府"),
                short_name=town,
                kind="town",
                doc_prefix=town[:-2] if town.endswith("街道") else town[:-1],
                topics=(),
                credit_code=credit_code_for(100 + n),
            )
        )
    return specs


def department_function(code: str) -> str:
    for suffix, name, _abbr, _topics, fn in DEPARTMENTS:
        if code == f"lj-{suffix}":
            return f"{CITY}{name}是市人民政府工作部门，{fn}。"
    return ""


# --- How many items -----------------------------------------------------------------------------


def largest_remainder(weights: dict[str, float], total: int, *, minimum: int = 0) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` into integers that add up exactly.

    ``minimum`` is given to every key first (when the total allows it).
    """
    keys = list(weights)
    if not keys:
        return {}
    base = minimum if total >= minimum * len(keys) else 0
    rest = total - base * len(keys)
    wsum = sum(weights.values()) or 1
    exact = {k: rest * weights[k] / wsum for k in keys}
    out = {k: base + int(exact[k]) for k in keys}
    short = total - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(exact[k] - int(exact[k])), keys.index(k)))[:short]:
        out[k] += 1
    return out


def joint_split(
    class_counts: dict[str, int], channel_counts: dict[str, int]
) -> dict[tuple[str, str], int]:
    """Cross classes with channels so that both margins hold exactly.

    Lays the items out class by class and deals the channels over them as evenly as a Bresenham
    line would: every class gets about its share of each channel, and the sums are exact.
    """
    total = sum(class_counts.values())
    if total != sum(channel_counts.values()):
        raise ValueError("class and channel totals differ")
    channels = list(channel_counts)
    credit = dict.fromkeys(channels, 0.0)
    left = dict(channel_counts)
    out: dict[tuple[str, str], int] = {}
    for cls, n in class_counts.items():
        for _ in range(n):
            for ch in channels:
                credit[ch] += channel_counts[ch] / total
            ch = max((c for c in channels if left[c] > 0), key=lambda c: credit[c])
            credit[ch] -= 1
            left[ch] -= 1
            out[(cls, ch)] = out.get((cls, ch), 0) + 1
    return out


def year_totals(scale: str, today: dt.date) -> dict[int, int]:
    """Items per year: 2011 (the seed) and the last three years up to ``today``."""
    years = [today.year - 2, today.year - 1, today.year]
    seed_total = sum(SEED_2011_CLASSES.values())
    if scale == "small":
        totals = {2011: 30} | {y: 12 for y in years}
    else:
        totals = {2011: seed_total}
        for step, y in enumerate(years):
            totals[y] = int(seed_total * (1.05 + 0.05 * step))
    # The current year has only run until today.
    day_share = today.timetuple().tm_yday / (366 if today.year % 4 == 0 else 365)
    totals[today.year] = max(len(SEED_CLASSES), int(totals[today.year] * day_share))
    return totals


def year_plan(year: int, total: int) -> dict[tuple[str, str], int]:
    """(class slug, channel) → items for a year of ``total`` items in the seed's proportions.

    2011 at the seed's size is the seed exactly.
    """
    seed_total = sum(SEED_2011_CLASSES.values())
    if total == seed_total:
        classes = dict(SEED_2011_CLASSES)
        channels = dict(SEED_2011_CHANNELS)
    else:
        classes = largest_remainder(dict(SEED_2011_CLASSES), total, minimum=1)
        channels = largest_remainder(dict(SEED_2011_CHANNELS), total, minimum=1)
    return joint_split(classes, channels)


def spread_over_orgs(n: int, org_codes: list[str], rng: random.Random) -> dict[str, int]:
    """Share ``n`` items among orgs with uneven (but seeded) weights: some orgs write more."""
    weights = {code: rng.uniform(0.4, 1.6) for code in org_codes}
    return largest_remainder(weights, n)


# --- People -------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力志国海燕晓雪峰"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def landline(rng: random.Random) -> str:
    """A fictional fixed-line number (never a mobile number: those start with 1)."""
    return f"{AREA_CODE}-6{rng.randrange(100000, 999999)}"


# --- Activity: applications, letters, press conferences, appeals ---------------------------

# How often each of the 21 outcomes is reached. Modern county-level reports: about half
# 予以公开, a fifth 部分公开, then 本机关不掌握 and the 不予处理 rows; the rest rare.
OUTCOME_WEIGHTS: dict[str, float] = {
    "granted": 44,
    "partial": 18,
    "denied.1": 0.5,
    "denied.2": 0.5,
    "denied.3": 0.5,
    "denied.4": 2,
    "denied.5": 1.5,
    "denied.6": 2,
    "denied.7": 1,
    "denied.8": 1,
    "unable.1": 9,
    "unable.2": 4,
    "unable.3": 1,
    "not_processed.1": 3,
    "not_processed.2": 2,
    "not_processed.3": 1,
    "not_processed.4": 0.5,
    "not_processed.5": 0.5,
    "other.1": 2,
    "other.2": 0.5,
    "other.3": 1,
}

# Who applies: mostly 自然人, some firms and law firms (keys of ApplicantType).
APPLICANT_TYPE_WEIGHTS: dict[str, float] = {
    "natural_person": 78,
    "business": 10,
    "legal_service": 6,
    "research": 2,
    "public_interest": 1,
    "other_org": 3,
}

RATING_WEIGHTS: dict[str, float] = {"satisfied": 84, "basically": 14, "dissatisfied": 2}


@dataclass(frozen=True)
class ActivityYear:
    """How much happens in one year (the current year only up to today)."""

    year: int
    applications: int
    letters: int  # to the mayor's mailbox
    org_letters: int  # to the orgs' own mailboxes
    press: int
    appeals: int


def activity_years(scale: str, today: dt.date) -> list[ActivityYear]:
    """The last three years up to ``today``: a few dozen applications a year city-wide, about
    the seed's 152 letters a year to the mayor's mailbox, a dozen press conferences."""
    share = today.timetuple().tm_yday / (366 if today.year % 4 == 0 else 365)
    out = []
    for step, year in enumerate((today.year - 2, today.year - 1, today.year)):
        part = share if year == today.year else 1.0
        if scale == "small":
            base = ActivityYear(year, 5, 4, 1, 1, 1)
        else:
            base = ActivityYear(year, 52 + 8 * step, 150 + 4 * step, 20, 12 + step, 5)
        out.append(
            ActivityYear(
                year=year,
                applications=max(2, round(base.applications * part)),
                letters=max(2, round(base.letters * part)),
                org_letters=max(1, round(base.org_letters * part)),
                press=max(1, round(base.press * part)),
                appeals=max(1, round(base.appeals * part)),
            )
        )
    return out


def weighted_choice(weights: dict[str, float], rng: random.Random) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


ID_CHECK_CHARS = "10X98765432"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fictional_id_number(rng: random.Random) -> str:
    """An 18-character resident ID number that cannot be real: its check character is wrong.

    Applicants' ID numbers are personal data; the demo must never hold one that could belong
    to somebody, so the GB 11643 MOD 11-2 check fails on purpose.
    """
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    first17 = f"{DIVISION_CODE}{born:%Y%m%d}{rng.randrange(1000):03d}"
    right = ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]
    return first17 + rng.choice([c for c in ID_CHECK_CHARS if c != right])


def fictional_phone(rng: random.Random) -> str:
    """A writer's or applicant's phone: a fixed line of the city (never a mobile number)."""
    return landline(rng)


def firm_credit_code(serial: int) -> str:
    """A fictional, well-formed credit code of a company (登记管理部门 9, 企业 1), in the
    demo's impossible division 99…, with letters in it so it never reads as an ID number."""
    body = f"MA{serial:06d}"
    first17 = f"91{DIVISION_CODE}{body}{org_code_check_char(body)}"
    return first17 + credit_code_check_char(first17)
