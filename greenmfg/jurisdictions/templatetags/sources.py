"""``{{ citation|cite }}``: a citation shown with its document's short title and article,
linked to the article's text (greenmfg/jurisdictions/sources.py). A template builtin (settings
``TEMPLATES``), so every app's templates have it without ``{% load %}``."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from greenmfg.jurisdictions import sources
from greenmfg.jurisdictions.parameter_names import parameter_name

register = template.Library()


@register.filter
def cite(citation) -> str:
    """``004 第九条`` → ``<a class="cite" href="/rules/sources/?doc=004#第九条">《广州市绿色工厂梯度培育及
    管理暂行办法》第九条</a>``; a citation of another document as a plain ``<span class="cite">``;
    nothing for an empty one."""
    if not citation:
        return ""
    found = sources.link(str(citation))
    if found is None:  # another document's article; a code inside it still gets its title
        return format_html('<span class="cite">{}</span>', sources.titled(citation))
    text, url = found
    # the short form (004 第九条) stays as the link's title: what the documents and rulesets say
    return format_html('<a class="cite" href="{}" title="{}">{}</a>', url, citation, text)


@register.filter
def cite_text(citation) -> str:
    """The citation with its document's short title, as plain text."""
    return sources.plain(str(citation)) if citation else ""


@register.filter
def cite_inline(text) -> str:
    """A free text (a ruleset's condition or note) with every citation by bare code
    (``004 第九条``) given its document's short title, as plain text."""
    return sources.titled(text)


@register.filter
def param_name(key) -> str:
    """A ruleset parameter's plain-language name (``pool.registration_window`` → 培育入库登记时间)."""
    return parameter_name(str(key))


#: the coding status of a ruleset file (its ``status:``), in plain Chinese
STATUS_LABELS = {
    "encoded": _("已编码"),
    "encoded (draft text)": _("已编码（依据征求意见稿）"),
    "partially encoded (parent text reconstructed from re-posts)": _(
        "部分编码（上位文件依据转载文本整理）"
    ),
    "provincial round on national defaults (own rules not encoded)": _(
        "省级轮次沿用国家规定（本地规则尚未编码）"
    ),
}


@register.filter
def ruleset_status(status) -> str:
    """A ruleset file's coding status in plain language (the file's own words otherwise)."""
    text = str(status or "")
    if text in STATUS_LABELS:
        return str(STATUS_LABELS[text])
    if text.lower().startswith("not yet"):
        return str(_("尚未编码"))
    return text
