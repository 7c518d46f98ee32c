"""Masking of personal information (个人信息保护法 第五十一条; GB/T 22239-2019 8.1.4.11).

Objectors' and complainants' identity and contact fields are shown in full only to the
officials handling the objection or complaint; everywhere else (lists, other officials,
administrators, the API, the admin) they are masked with these helpers:

    mask_name("张三")                  → "张*"
    mask_name("广州某某科技有限公司")     → "广*********"
    mask_id_number("11010519491231002X") → "110105********002X"  (ID card or USCC: 6 + 4 kept)
    mask_phone("13800138000")          → "138****8000"
    mask_email("whistle@example.com")  → "w***@example.com"

A masked value never contains more than the first and last characters named above, so
it cannot be used to identify or contact the person; it lets other officials see that
the field was filled.
"""

from __future__ import annotations

MASK_CHAR = "*"

#: "<app_label>.<model_name>" -> identity fields masked for everyone but the handling
#: officials; each app registers its own (its ``admin.py``), the admin hides them
MASKED_FIELDS: dict[str, tuple[str, ...]] = {}


def register_masked_fields(model_label: str, fields) -> None:
    """Declare the identity fields of a model that are masked everywhere but for the
    handling officials (``"selection.objection"``); the admin never shows, filters,
    searches or sorts on them (greenmfg/core/admin_site.py)."""
    MASKED_FIELDS[model_label] = tuple(fields)


def mask_name(value: str) -> str:
    """Keep the first character (the surname, or the first character of a unit's name)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) == 1:
        return MASK_CHAR
    return value[0] + MASK_CHAR * (len(value) - 1)


def mask_id_number(value: str) -> str:
    """ID card number or USCC: keep the first 6 (region) and the last 4 characters."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 10:
        return MASK_CHAR * len(value)
    return value[:6] + MASK_CHAR * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """Phone number: keep the first 3 and the last 4 digits (11-digit mobile: 138****8000)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 7:
        return MASK_CHAR * len(value)
    return value[:3] + MASK_CHAR * (len(value) - 7) + value[-4:]


def mask_email(value: str) -> str:
    """E-mail: keep the first character of the local part and the domain."""
    value = (value or "").strip()
    if not value:
        return ""
    local, at, domain = value.partition("@")
    if not at:
        return mask_name(value)
    return (local[:1] or "") + MASK_CHAR * 3 + "@" + domain


#: how each kind of identity field is masked, by the field name's ending
_MASKERS = (
    ("_name", mask_name),
    ("_id_number", mask_id_number),
    ("_phone", mask_phone),
    ("_email", mask_email),
)


def mask_field(field_name: str, value: str) -> str:
    """Mask ``value`` by the kind its field name says (``objector_phone`` → phone)."""
    for ending, masker in _MASKERS:
        if field_name.endswith(ending):
            return masker(value)
    return MASK_CHAR * 3 if value else ""


def mask_identity(obj, fields) -> dict[str, str]:
    """``{field: masked value}`` of an object's identity fields."""
    return {name: mask_field(name, getattr(obj, name, "") or "") for name in fields}
