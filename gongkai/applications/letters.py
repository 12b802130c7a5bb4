"""The formal letters of 依申请公开, produced from editable templates as DOCX and PDF.

A template is plain text in Django template syntax; blank lines separate paragraphs. The org's
own template wins over the platform default (``LetterTemplate`` with ``org`` empty), which wins
over the text shipped here. Rendering is split in two: ``letter_render_text`` (pure: template +
context → title and paragraphs) and the file writers (``docx_bytes``, ``pdf_bytes``), so the
wording can be tested without producing files.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass

from django.template import Context, Engine

from gongkai.documents.docx_fonts import set_run_font, set_style_font
from gongkai.documents.pdf import html_to_pdf

from .models import LetterKind

# Variables every template may use (shown to the staff who edit templates).
VARIABLES: dict[str, str] = {
    "org_name": "受理单位全称",
    "ogi_office": "政府信息公开工作机构",
    "org_address": "单位地址",
    "org_phone": "联系电话",
    "reference": "申请编号",
    "number": "文书编号",
    "applicant": "申请人（姓名或组织名称）",
    "received_on": "收到申请之日",
    "description": "申请内容",
    "issued_on": "文书日期",
    "due_date": "答复期限",
    "items": "需补正的事项（补正告知书）",
    "correction_by": "补正期限（补正告知书）",
    "days": "延长的工作日数（延期答复告知书）",
    "reason": "理由",
    "third_party": "第三方名称（第三方意见征询函）",
    "reply_by": "第三方答复期限（第三方意见征询函）",
    "fee_method": "收费方式（收费通知书）",
    "fee_amount": "收费金额（元）",
    "fee_breakdown": "收费计算过程",
    "pay_by": "缴费期限",
    "outcome": "办理结果（答复书）",
    "legal_basis": "法律依据（答复书）",
    "reply": "答复内容（答复书）",
}

_REMEDY = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{{ review_body|default:'本机关的上一级行政机关或者本级人民政府' }}"
    "申请行政复议，或者自收到本答复之日起六个月内向人民法院提起行政诉讼。"
)

DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    LetterKind.CORRECTION: (
        "补正告知书",
        "{{ applicant }}：\n\n"
        "本机关于{{ received_on }}收到您（单位）提出的政府信息公开申请（编号：{{ reference }}），"
        "申请内容为：“{{ description }}”。\n\n"
        "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，"
        "请您对以下事项作出补正：\n\n{{ items }}\n\n"
        "请于{{ correction_by }}前提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。\n\n"
        "联系电话：{{ org_phone }}",
    ),
    LetterKind.EXTENSION: (
        "延期答复告知书",
        "{{ applicant }}：\n\n"
        "本机关于{{ received_on }}收到您（单位）提出的政府信息公开申请（编号：{{ reference }}）。"
        "{% if reason %}因{{ reason }}，{% endif %}本机关不能在规定期限内作出答复。"
        "根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作"
        "机构负责人同意，答复期限延长{{ days }}个工作日，本机关将于{{ due_date }}前作出答复。\n\n"
        "联系电话：{{ org_phone }}",
    ),
    LetterKind.CONSULTATION: (
        "第三方意见征询函",
        "{{ third_party }}：\n\n"
        "本机关于{{ received_on }}收到政府信息公开申请（编号：{{ reference }}），申请公开"
        "“{{ description }}”。经审查，该信息的公开可能损害贵方合法权益。根据《中华人民共和国"
        "政府信息公开条例》第三十二条的规定，现书面征求贵方意见。\n\n"
        "请于{{ reply_by }}前书面提出意见。逾期未提出意见的，由本机关依照条例规定决定是否公开。"
        "贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大"
        "影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。\n\n"
        "联系电话：{{ org_phone }}",
    ),
    LetterKind.FEE_NOTICE: (
        "收费通知书",
        "{{ applicant }}：\n\n"
        "本机关于{{ received_on }}收到您（单位）提出的政府信息公开申请（编号：{{ reference }}）。"
        "因申请公开政府信息的数量、频次明显超过合理范围，根据《中华人民共和国政府信息公开条例》"
        "第四十二条和《政府信息公开信息处理费管理办法》的规定，本机关按{{ fee_method }}方式收取"
        "信息处理费{{ fee_amount }}元。计算过程如下：\n\n{{ fee_breakdown }}\n\n"
        "请您自收到本通知之日起20个工作日内（即{{ pay_by }}前）缴纳费用。逾期未缴纳的，视为放弃"
        "申请，本机关将不再处理该政府信息公开申请。收到本通知至缴费期间不计入答复期限。\n\n"
        "联系电话：{{ org_phone }}",
    ),
    LetterKind.REPLY: (
        "政府信息公开申请答复书",
        "{{ applicant }}：\n\n"
        "本机关于{{ received_on }}收到您（单位）提出的政府信息公开申请（编号：{{ reference }}），"
        "申请内容为：“{{ description }}”。经审查，现答复如下：\n\n"
        "{{ reply }}\n\n办理结果：{{ outcome }}。{% if legal_basis %}\n\n依据：{{ legal_basis }}"
        "{% endif %}\n\n" + _REMEDY + "\n\n联系电话：{{ org_phone }}",
    ),
}

_ENGINE = Engine(autoescape=False, libraries={}, builtins=["django.template.defaultfilters"])


@dataclass(frozen=True)
class RenderedLetter:
    title: str
    org_name: str
    number: str
    issued_on: dt.date
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def format_cn_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def letter_render_text(
    *, title: str, body: str, org_name: str, number: str, issued_on: dt.date, context: dict
) -> RenderedLetter:
    """Fill a template. Raises ``django.template.TemplateSyntaxError`` on a broken template."""
    text = _ENGINE.from_string(body).render(Context(context, autoescape=False))
    paragraphs = tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())
    return RenderedLetter(
        title=title, org_name=org_name, number=number, issued_on=issued_on, paragraphs=paragraphs
    )


def template_check(body: str) -> None:
    """Raise TemplateSyntaxError when an edited template cannot be rendered."""
    _ENGINE.from_string(body)


# --- files -----------------------------------------------------------------------------------

CJK_FONT = "Noto Serif CJK SC"
CJK_HEADING_FONT = "Noto Sans CJK SC"


def docx_bytes(letter: RenderedLetter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    set_style_font(doc.styles["Normal"], CJK_FONT, size=14)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(letter.org_name), CJK_HEADING_FONT, size=16, bold=True)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(letter.title), CJK_HEADING_FONT, size=22, bold=True)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(letter.number), CJK_FONT, size=14)

    for index, text in enumerate(letter.paragraphs):
        for line_no, line in enumerate(text.split("\n")):
            p = doc.add_paragraph()
            if index > 0 or line_no > 0:
                p.paragraph_format.first_line_indent = Pt(28)
            set_run_font(p.add_run(line), CJK_FONT, size=14)

    for text in (letter.org_name, format_cn_date(letter.issued_on)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(p.add_run(text), CJK_FONT, size=14)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


_PDF_CSS = f"""
@page {{ size: A4; margin: 3.7cm 2.6cm 3.5cm 2.8cm; }}
body {{ font-family: "{CJK_FONT}", serif; font-size: 16pt; line-height: 1.8; }}
.org {{ text-align: center; font-family: "{CJK_HEADING_FONT}", sans-serif; font-size: 16pt; }}
h1 {{ text-align: center; font-family: "{CJK_HEADING_FONT}", sans-serif; font-size: 22pt;
      margin: 0.2em 0; }}
.number {{ text-align: center; margin-bottom: 1.5em; }}
p {{ margin: 0; text-indent: 2em; }}
p.salutation {{ text-indent: 0; }}
.sign {{ text-align: right; margin-top: 2em; text-indent: 0; }}
"""


def letter_html(letter: RenderedLetter) -> str:
    e = html.escape
    body = []
    for index, text in enumerate(letter.paragraphs):
        cls = ' class="salutation"' if index == 0 else ""
        body.append(f"<p{cls}>{'<br>'.join(e(line) for line in text.split(chr(10)))}</p>")
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{e(letter.title)}</title><style>{_PDF_CSS}</style></head><body>"
        f'<div class="org">{e(letter.org_name)}</div><h1>{e(letter.title)}</h1>'
        f'<div class="number">{e(letter.number)}</div>{"".join(body)}'
        f'<p class="sign">{e(letter.org_name)}<br>{e(format_cn_date(letter.issued_on))}</p>'
        f"</body></html>"
    )


def pdf_bytes(letter: RenderedLetter) -> bytes:
    return html_to_pdf(letter_html(letter))
