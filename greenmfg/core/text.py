"""Control characters in submitted text (issue 17, item 5).

No text a person types has a control character in it: a unit name with ``\\x07`` (BEL),
accepted once, made the public XLSX of its list fail for everyone (openpyxl refuses such
characters), and bidirectional overrides make a name read differently from what it is.
So every text value submitted to the platform is checked once, centrally, before any
view, form or serializer sees it (:class:`ControlCharacterMiddleware`): a form field, a
multipart field or any string of a JSON body (keys included, at any depth) holding a
control character is refused with HTTP 400 and a message naming the field and the rule.
Exports strip them defensively as well (:func:`strip_control_characters`, used by
``greenmfg/core/spreadsheets.py``), for rows stored before the check existed.

Refused: Unicode category Cc except tab, line feed and carriage return (``\\x00``–
``\\x08``, ``\\x0b``, ``\\x0c``, ``\\x0e``–``\\x1f``, DEL ``\\x7f``, the C1 range
``\\x80``–``\\x9f``) and the bidirectional embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069). Tab and line breaks stay allowed: statements and reasons
are written on several lines.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenmfg.core.dates import YEAR_MAX, YEAR_MIN

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: request methods whose body is checked
CHECKED_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def find_control_character(value: str) -> str | None:
    """The first refused control character of ``value``, or None."""
    found = CONTROL_CHARACTERS.search(value or "")
    return found.group() if found else None


def codepoint(char: str) -> str:
    """``U+0007`` for ``"\\x07"``: how a message names an invisible character."""
    return f"U+{ord(char):04X}"


def strip_control_characters(value: str) -> str:
    """``value`` without the refused control characters (for exports of rows stored
    before input was checked)."""
    return CONTROL_CHARACTERS.sub("", value) if value else value


def validate_no_control_characters(value: Any) -> None:
    """A Django validator: raises ``ValidationError`` (code ``control_character``)
    naming the character when the text holds a refused control character."""
    char = find_control_character(str(value)) if value else None
    if char:
        raise ValidationError(
            gettext_lazy("不得包含控制字符（发现 %(char)s）"),
            code="control_character",
            params={"char": codepoint(char)},
        )


def _strings(data: Any, path: str) -> Iterator[tuple[str, str]]:
    """``(field path, text)`` of every string in parsed request data, keys included."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            name = f"{path}.{key}" if path else str(key)
            yield name, str(key)
            yield from _strings(value, name)
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            yield from _strings(value, f"{path}[{i}]")


def _query_dict_strings(data: QueryDict) -> Iterator[tuple[str, str]]:
    for key, values in data.lists():
        yield key, key
        for value in values:
            yield key, value


def submitted_control_character(request) -> tuple[str, str] | None:
    """``(field, character)`` of the first refused control character in the request's
    submitted text (a form or JSON body of a POST, PUT, PATCH or DELETE; multipart fields
    of a POST — every upload endpoint is one), or
    None. A body that does not parse is left to the view to refuse; uploaded files'
    contents are not text and are checked by ``greenmfg.core.uploads``."""
    if request.method not in CHECKED_METHODS:
        return None
    ctype = (request.content_type or "").lower()
    if ctype == "application/json" or ctype.endswith("+json"):
        try:
            strings = _strings(json.loads(request.body or b"null"), "")
        except (ValueError, UnicodeDecodeError):
            return None
    elif ctype == "multipart/form-data" and request.method == "POST":
        strings = _query_dict_strings(request.POST)
    elif ctype == "application/x-www-form-urlencoded":
        data = request.POST if request.method == "POST" else QueryDict(request.body)
        strings = _query_dict_strings(data)
    else:
        return None
    for field, text in strings:
        char = find_control_character(text)
        if char:
            return field, char
    return None


# --- weak validation, centrally (issue 17, item 11) -------------------------------------------

#: the longest text any single submitted value may hold, in characters (a statement has
#: its own, smaller cap: core/limits.py); a field's own ``max_length`` may be smaller
MAX_TEXT_CHARS = 20_000
#: ISO dates (and the date of an ISO date-time) among submitted values
ISO_DATE = re.compile(r"^\s*(\d{1,6})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z]*)?\s*$")
#: dates before the platform's years that a field may legitimately hold, by field name:
#: the year a unit was founded (成立日期) can be long before its first green list
HISTORIC_DATE_FIELDS = {"established_on": 1900}


def _field_name(path: str) -> str:
    """``items[1].found_on`` → ``found_on``."""
    return re.split(r"[.\[]", path.rsplit(".", 1)[-1])[0]


def text_problem(field: str, text: str) -> str | None:
    """Why the submitted ``text`` of ``field`` is refused, or None: a control character;
    longer than ``MAX_TEXT_CHARS``; a date whose year is outside the platform's year range
    (``greenmfg.core.dates.YEAR_MIN``–``YEAR_MAX``; 1900 for the historic fields); a
    name (a field whose name ends in ``name``) without a single letter or digit — one
    emoji, punctuation only."""
    char = find_control_character(text)
    if char:
        return control_character_message(field, char)
    if len(text) > MAX_TEXT_CHARS:
        return _("“%(field)s”过长（%(n)d 字）：每项内容不得超过 %(max)d 字") % {
            "field": field,
            "n": len(text),
            "max": MAX_TEXT_CHARS,
        }
    found = ISO_DATE.match(text)
    if found:
        low = HISTORIC_DATE_FIELDS.get(_field_name(field), YEAR_MIN)
        if not low <= int(found.group(1)) <= YEAR_MAX:
            return _("“%(field)s”的日期 %(value)s 不在平台的年份范围内（%(low)d–%(high)d年）") % {
                "field": field,
                "value": text.strip()[:20],
                "low": low,
                "high": YEAR_MAX,
            }
    if (
        _field_name(field).endswith("name")
        and text.strip()
        and not any(unicodedata.category(c)[0] in "LN" for c in text)
    ):
        return _("“%(field)s”须包含文字或数字，不能只是符号或表情") % {"field": field}
    return None


def submitted_text_problem(request) -> tuple[str, str] | None:
    """``(field, message)`` of the first refused value of the request's submitted text
    (the bodies :func:`submitted_control_character` reads), or None."""
    if request.method not in CHECKED_METHODS:
        return None
    ctype = (request.content_type or "").lower()
    if ctype == "application/json" or ctype.endswith("+json"):
        try:
            strings = _strings(json.loads(request.body or b"null"), "")
        except (ValueError, UnicodeDecodeError):
            return None
    elif ctype == "multipart/form-data" and request.method == "POST":
        strings = _query_dict_strings(request.POST)
    elif ctype == "application/x-www-form-urlencoded":
        data = request.POST if request.method == "POST" else QueryDict(request.body)
        strings = _query_dict_strings(data)
    else:
        return None
    for field, text in strings:
        if "password" in field or field == "csrfmiddlewaretoken":
            # a secret: no date or name rule, but the control characters and the cap
            char = find_control_character(text)
            if char:
                return field, control_character_message(field, char)
            if len(text) > MAX_TEXT_CHARS:
                return field, text_problem(field, text)
            continue
        problem = text_problem(field, text)
        if problem:
            return field, problem
    return None


def query_problem(request) -> tuple[str, str] | None:
    """``(parameter, message)`` of the first query-string parameter (name or value) holding
    a control character, or None — for every method: PostgreSQL cannot even compare a text
    with a NUL in it, so such a value would otherwise end in a server error (issue 17 item 8)."""
    for key, values in request.GET.lists():
        for text in (key, *values):
            char = find_control_character(text)
            if char:
                return key, control_character_message(key, char)
    return None


def control_character_message(field: str, char: str) -> str:
    """The refusal: which field, which character, and the rule."""
    return _("“%(field)s”含有控制字符 %(char)s：提交的文字不得包含控制字符，请删除后重新提交") % {
        "field": field,
        "char": codepoint(char),
    }


class ControlCharacterMiddleware:
    """Refuses with 400, before any view runs, a request whose query string or submitted
    text holds a control character (module docstring): JSON ``{"detail", "field"}`` under
    ``/api/``, else a page with the same message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = query_problem(request) or submitted_text_problem(request)
        if found is None:
            return self.get_response(request)
        field, message = found
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "field": field}, status=400)
        return render(request, "core/bad_input.html", {"message": message}, status=400)
