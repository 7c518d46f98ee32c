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
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def control_character_message(field: str, char: str) -> str:
    """The refusal: which field, which character, and the rule."""
    return _("“%(field)s”含有控制字符 %(char)s：提交的文字不得包含控制字符，请删除后重新提交") % {
        "field": field,
        "char": codepoint(char),
    }


class ControlCharacterMiddleware:
    """Refuses with 400, before any view runs, a request whose submitted text holds a
    control character (module docstring): JSON ``{"detail", "field"}`` under
    ``/api/``, else a page with the same message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = submitted_control_character(request)
        if found is None:
            return self.get_response(request)
        field, char = found
        message = control_character_message(field, char)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "field": field}, status=400)
        return render(request, "core/bad_input.html", {"message": message}, status=400)
