"""Every audit action and state has a label in Chinese and in English (issue 12, LAYOUT.md
E5): the labels are registered by the apps that own them (``<app>/labels.py``), and the
timeline of every object shows them instead of raw codes.

``test_every_action_and_state_the_suite_produced_has_a_label`` runs last (tests/conftest.py)
and checks every audit event saved during the session (tests/label_support.py)."""

from __future__ import annotations

import pytest
from django.utils import translation

from greenmfg.audit import labels
from tests.label_support import PRODUCED


def _has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _both(label) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return zh, en


def test_every_registered_label_is_chinese_with_an_english_translation():
    tables = [("", labels._OBJECTS), ("", labels._WORDS), ("", labels._ACTIONS)]
    tables += [(f"{t}:", states) for t, states in labels._STATES.items()]
    untranslated = []
    for prefix, table in tables:
        for code, label in table.items():
            zh, en = _both(label)
            if not _has_han(zh) or _has_han(en):
                untranslated.append((f"{prefix}{code}", zh, en))
    assert untranslated == []


def test_a_timeline_shows_labels_not_codes():
    with translation.override("zh-hans"):
        assert labels.action_label("registration.district_preliminary_review.approve") == (
            "登记表 · 区县初审 · 通过"
        )
        assert labels.state_label("submitted", "cultivation.registration") == "已提交，待审核"
    with translation.override("en"):
        assert not _has_han(labels.action_label("application.city_review.return"))


@pytest.mark.labels_last
def test_every_action_and_state_the_suite_produced_has_a_label():
    # events a test writes to exercise the chain itself carry a ``test.`` action
    produced = {p for p in PRODUCED if not p[0].startswith("test.")}
    unlabelled_actions = sorted(
        {a for a, _t, _f, _s in produced if not labels.is_action_labelled(a)}
    )
    unlabelled_states = sorted(
        {
            (t, code)
            for _a, t, f, s in produced
            for code in (f, s)
            if not labels.is_state_labelled(code, t)
        }
    )
    assert unlabelled_actions == [], "\n".join(unlabelled_actions)
    assert unlabelled_states == [], "\n".join(map(str, unlabelled_states))
