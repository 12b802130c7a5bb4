"""Rich text is cleaned on the way in, whatever brought it: the admin's editor, an import, a
revision being published.

Items imported from a legacy CMS arrive with whatever that CMS stored — visit-counter
``<script>`` tags, ``onclick`` handlers, ``javascript:`` links, iframes, Word's inline styles —
and rich text is rendered unescaped on the public pages. ``rich_text_clean`` keeps what a
government document needs (paragraphs, headings, lists, tables, links, Wagtail's own link and
image references) and drops the rest, with nh3 (the Rust ``ammonia`` sanitiser), not a
hand-written filter. ``CleanRichTextField`` applies it in ``to_python`` (so forms and
``full_clean`` store the cleaned text) and in ``pre_save`` (so every ``save()`` and
``bulk_create`` does too).
"""

from __future__ import annotations

import re

import nh3
from wagtail.fields import RichTextField

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "div", "span", "blockquote", "pre", "code",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "b", "strong", "i", "em", "u", "s", "sub", "sup",
        "ul", "ol", "li",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "a", "embed",
    }
)  # fmt: skip
# Wagtail's stored format: <a linktype="page" id="3">, <embed embedtype="image" id="1" .../>.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "linktype", "id", "title"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# nh3 writes HTML5's void <embed ...>; Wagtail only expands the self-closed form <embed .../>.
_EMBED_RE = re.compile(r"<embed(\b[^>]*?)\s*/?>")
# A link whose only target was javascript: is left as <a> with no attribute: keep its text.
_DEAD_LINK_RE = re.compile(r"<a>(.*?)</a>", re.DOTALL)


def _drop_lang(tag: str, attribute: str, value: str) -> str | None:
    """nh3 keeps ``lang`` on every tag; Word marks Chinese text lang="EN-US", and a screen
    reader would read it with an English voice."""
    return None if attribute == "lang" else value


def rich_text_clean(value: str | None) -> str:
    """The HTML with only the allowed tags, attributes and URL schemes; idempotent.

    Scripts and styles go with their content; other tags that are not allowed (``<font>``,
    Word's ``<o:p>``) go but keep their text. Relative links stay (they point into the site).
    """
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_drop_lang,
        link_rel=None,
        strip_comments=True,
    )
    return _DEAD_LINK_RE.sub(r"\1", _EMBED_RE.sub(r"<embed\1/>", cleaned))


class CleanRichTextField(RichTextField):
    """A Wagtail ``RichTextField`` whose value is always ``rich_text_clean``-ed before storage."""

    def to_python(self, value):
        return rich_text_clean(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = rich_text_clean(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
