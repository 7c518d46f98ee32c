"""Human labels of audit actions, states and actors, registered by the app that owns them.

An audit event stores machine codes (``application.district_preliminary_review.approve``,
``submitted → accepted``); people read labels (申报 · 区县初审 · 通过, 已提交 → 已入库).
Each app registers its own in its ``<app>/labels.py``, imported at start-up by
:class:`greenmfg.audit.apps.AuditConfig` (``autodiscover_modules("labels")``, as the admin
finds ``admin.py``), so a new app never edits a central table (LAYOUT.md E5):

* :func:`register_states` — the state enum of an object type (``"selection.application"``);
* :func:`register_object` — the label of an action's first word (``"application"`` → 申报);
* :func:`register_words` — labels of the later words (review steps, verbs);
* :func:`register_action` — the label of one whole action, which wins over composition.

:func:`action_label` and :func:`state_label` read the registry; :func:`is_action_labelled`
and :func:`is_state_labelled` let the suite prove that every action and state it produced
has a label in Chinese and English (tests/cross/test_labels.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import ReviewDecision, ReviewStep

_OBJECTS: dict[str, object] = {}
_WORDS: dict[str, object] = {}
_ACTIONS: dict[str, object] = {}
_STATES: dict[str, dict[str, object]] = {}
_PLAIN: set[str] = set()

#: how an action's words are joined in a label
SEPARATOR = " · "

#: actors that are not accounts (audit.services._actor_fields)
_ACTOR_LABELS = {"public": _("公众"), "system": _("系统")}


def register_object(prefix: str, label) -> None:
    """Label of the first word of actions on one kind of object (``"application"``)."""
    _OBJECTS[prefix] = label


def register_words(words: dict[str, object]) -> None:
    """Labels of action words after the first (``"approve"`` → 通过, review steps …)."""
    _WORDS.update(words)


def register_action(action: str, label) -> None:
    """The label of one whole action (``"agency_project.accept"`` → 机构承接)."""
    _ACTIONS[action] = label


def register_actions(actions: dict[str, object]) -> None:
    """:func:`register_action` for each item of ``actions``."""
    _ACTIONS.update(actions)


def register_states(object_type: str, states: type[models.Choices] | dict[str, object]) -> None:
    """The states of ``object_type`` (``"<app_label>.<model_name>"``, as stored in
    ``AuditEvent.object_type``): a Django choices enum or a ``{code: label}`` dict.
    Several enums may be registered for one type (a model with two state fields)."""
    table = dict(states.choices) if isinstance(states, type) else dict(states)
    _STATES.setdefault(object_type, {}).update(table)


def register_plain_states(object_type: str) -> None:
    """The "states" of ``object_type``'s events are values shown as they are (the demo
    clock's dates, a ruleset's versions), not codes to label."""
    _PLAIN.add(object_type)


def action_label(action: str) -> str:
    """The label of ``action`` in the active language; unknown words stay as they are."""
    if action in _ACTIONS:
        return str(_ACTIONS[action])
    parts = action.split(".")
    out = [str(_OBJECTS.get(parts[0], parts[0]))]
    out += [str(_WORDS.get(p, p)) for p in parts[1:]]
    return SEPARATOR.join(out)


def state_label(code: str, object_type: str = "") -> str:
    """The label of state ``code`` of ``object_type``; ``—`` for an empty code."""
    if not code:
        return "—"
    label = _STATES.get(object_type, {}).get(code)
    return str(label) if label is not None else code


def actor_label(label: str, role: str = "") -> str:
    """An event's actor as people read it: 公众 / 系统 for the public and the platform."""
    if role in _ACTOR_LABELS:
        return str(_ACTOR_LABELS[role])
    return label


def is_action_labelled(action: str) -> bool:
    """Whether every word of ``action`` has a registered label."""
    if action in _ACTIONS:
        return True
    parts = action.split(".")
    return parts[0] in _OBJECTS and all(p in _WORDS for p in parts[1:])


def is_state_labelled(code: str, object_type: str) -> bool:
    """Whether state ``code`` of ``object_type`` has a registered label."""
    return not code or object_type in _PLAIN or code in _STATES.get(object_type, {})


def registered_labels() -> list[str]:
    """Every registered label text (the suite checks each has an English translation)."""
    texts = [*_OBJECTS.values(), *_WORDS.values(), *_ACTIONS.values(), *_ACTOR_LABELS.values()]
    for table in _STATES.values():
        texts += table.values()
    return sorted({str(t) for t in texts})


# --- the kernel's own labels: the shared words and the audit record's own actions ---------

register_words(dict(ReviewStep.choices))
register_words(dict(ReviewDecision.choices))
register_words(
    {
        "create": _("创建"),
        "submit": _("提交"),
        "open": _("启动"),
        "close": _("结束"),
    }
)
register_actions(
    {
        "audit.export": _("导出审计记录"),
        "audit.search": _("查询审计记录"),
        "audit.verify": _("校验审计链"),
        "identity.read": _("查看个人身份信息"),
        "audit.view": _("查看审计事件"),
        "audit.head_publish": _("公布审计链头"),
        "database.backup": _("数据库备份"),
        "database.restore": _("数据库恢复"),
    }
)
register_states("audit.publishedchainhead", {"published": _("已公布")})
register_states("database", {"verified": _("已校验")})
