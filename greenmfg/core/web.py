"""Helpers for server-rendered views: run a service and show its reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict


def get_for_user(queryset, uuid) -> Any:
    """The object with ``uuid`` from an already scoped queryset, else 404."""
    try:
        return get_object_or_404(queryset, uuid=uuid)
    except ValidationError as exc:
        raise Http404 from exc


def form_errors(request, form) -> None:
    """Each error of an invalid Django ``form`` as an error message, prefixed with its
    field's label (``有效期至：…``) so the message names the field; errors of the whole
    form (``__all__``) as they are."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            messages.error(request, f"{field.label}：{error}" if field and field.label else error)


def run_action(request, action: Callable[[], Any], success: str) -> tuple[bool, Any]:
    """Call a service function; show ``success`` or the refusal's reasons (with
    articles, as people read them: 《short title》第九条, never the bare code ``004 第九条``)
    as messages. Returns (ok, result)."""
    try:
        result = action()
    except RuleViolation as exc:
        for reason in exc.reasons:
            messages.error(request, str(reason))
        return False, None
    except NotPermitted as exc:
        messages.error(request, str(exc))
        return False, None
    except TransitionConflict as exc:
        if exc.state is not None:  # a repeated action says where the object is now
            messages.error(
                request,
                _(
                    "操作未执行：该事项已被处理或状态已变化（当前状态：{state}），请刷新后重试"
                ).format(state=exc.label),
            )
        else:
            messages.error(request, _("操作未执行：该事项已被他人处理或状态已变化，请刷新后重试"))
        return False, None
    except UnknownCalendarYear as exc:
        messages.error(request, str(exc))
        return False, None
    except ValidationError as exc:
        for field, errs in getattr(exc, "message_dict", {"": exc.messages}).items():
            for err in errs:
                messages.error(request, f"{field}: {err}" if field else err)
        return False, None
    messages.success(request, success)
    return True, result
