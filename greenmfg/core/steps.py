"""The step indicator (issue 18 item 4): where a registration or an application is in its
jurisdiction's chain of review steps (``pool.review_steps``, ``selection.<level>.review_steps``),
from filling in to the end, each step labelled in plain language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import ReviewStep

DONE, CURRENT, TODO, STOPPED = "done", "current", "todo", "stopped"


def step_label(step: str) -> str:
    """A review step's label (区县初审 …); the value itself if the vocabulary lacks it."""
    return str(ReviewStep(step).label) if step in ReviewStep.values else step


def chain(
    steps: list[str] | tuple[str, ...],
    *,
    pending: str | None,
    filling: bool,
    finished: bool,
    stopped: str = "",
    after: list[str] | tuple[str, ...] = (),
    end_label: str = "",
    after_index: int = -1,
) -> list[dict[str, str]]:
    """``[{"label", "status"}]`` from 填写提交 through each review step to ``end_label``.

    ``pending``: the review step waited for (None when none is); ``filling``: the unit is still
    filling in (a draft or returned); ``finished``: the end is reached; ``stopped``: the label of
    an end before it (不予入库, 评审未通过 …), shown in place of ``end_label``.
    ``after``: labels of the stages after the review steps (e.g. 公示) and ``after_index`` the one
    current now (-1: none)."""
    items = [{"label": str(_("填写并提交")), "status": TODO}]
    items += [{"label": step_label(s), "status": TODO, "step": s} for s in steps]
    items += [{"label": str(label), "status": TODO} for label in after]
    items.append({"label": str(end_label), "status": TODO})
    if stopped:
        items[-1]["label"] = str(stopped)
        current = len(items) - 1
    elif finished:
        current = len(items) - 1
    elif filling:
        current = 0
    elif pending in steps:
        current = 1 + list(steps).index(pending)
    elif after_index >= 0:
        current = 1 + len(steps) + after_index
    else:
        current = 0
    for i, item in enumerate(items):
        item["status"] = DONE if i < current else CURRENT if i == current else TODO
    if stopped:
        items[-1]["status"] = STOPPED
    elif finished:
        items[-1]["status"] = DONE
    return items
