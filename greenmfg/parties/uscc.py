"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters from ``0-9`` and ``ABCDEFGHJKLMNPQRTUWXY`` (no I, O, Z, S, V): registration
authority (1), organisation type (1), division code (6), organisation code (9), check
character (1). The check character makes Σ(value × weight) ≡ 0 (mod 31) with weights
3^(i-1) mod 31 for positions 1–17.

Simulated codes (the demo's units, greenmfg/demo; issue 18 item 2) start with the
registration-authority character ``0``, which GB 32100-2015 assigns to no registration
authority (1 机构编制、2 外交、3 司法行政、4 文化、5 民政、6 旅游、7 宗教、8 工会、9 工商
(市场监管)、A 中央军委改革和编制办公室、N 农业、Y 其他): they keep the format and the
check character (so the platform's checks accept them) but can never be a real unit's code.
"""

from __future__ import annotations

import random

from django.utils.translation import gettext

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (raises ValueError on a bad character)."""
    if len(first17) != 17:
        raise ValueError("need the first 17 characters")
    total = 0
    for ch, w in zip(first17, WEIGHTS, strict=True):
        if ch not in VALUES:
            raise ValueError(f"character {ch!r} is not allowed in a USCC")
        total += VALUES[ch] * w
    return ALPHABET[(31 - total % 31) % 31]


def validate_uscc(code: str) -> str | None:
    """Return None if ``code`` is a valid USCC, else the reason (in the active language)."""
    if not isinstance(code, str) or len(code) != 18:
        return gettext("统一社会信用代码应为18位")
    code = code.upper()
    bad = [c for c in code if c not in VALUES]
    if bad:
        return gettext(
            "统一社会信用代码含有不允许的字符：{chars}（GB 32100-2015 不使用 I、O、Z、S、V）"
        ).format(chars="".join(sorted(set(bad))))
    if not code[2:8].isdigit():
        return gettext("统一社会信用代码第3–8位应为行政区划代码")
    if check_character(code[:17]) != code[17]:
        return gettext("统一社会信用代码校验位错误（GB 32100-2015）")
    return None


def is_valid_uscc(code: str) -> bool:
    return validate_uscc(code) is None


#: the registration-authority character of simulated codes (assigned to no authority)
SIMULATED_AUTHORITY = "0"


def is_simulated_uscc(code: str | None) -> bool:
    """True for a simulated code (registration authority ``0``, module docstring)."""
    return bool(code) and code[0] == SIMULATED_AUTHORITY


def make_simulated_uscc(division_code: str, rng: random.Random | None = None) -> str:
    """A simulated USCC in ``division_code``: well-formed, with its check character, but
    with the unassigned registration authority ``0`` — it cannot collide with a real unit."""
    return make_uscc(division_code, rng, kind=SIMULATED_AUTHORITY + "1")


def make_uscc(division_code: str, rng: random.Random | None = None, *, kind: str = "91") -> str:
    """A valid USCC for a company (``91``) registered in ``division_code`` (6 digits).

    For demo data and tests only: the organisation-code part is random.
    """
    rng = rng or random.Random()
    body = (
        kind + division_code + "".join(rng.choice(ALPHABET[:10] + ALPHABET[10:]) for _ in range(9))
    )
    return body + check_character(body)
