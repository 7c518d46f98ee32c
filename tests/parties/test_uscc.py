"""统一社会信用代码 check digit (GB 32100-2015)."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from greenmfg.parties.uscc import ALPHABET, is_valid_uscc, make_uscc, validate_uscc


def test_a_published_code_is_valid():
    assert validate_uscc("91350100M000100Y43") is None


def test_wrong_check_digit_is_named():
    assert "校验位" in validate_uscc("91350100M000100Y44")


def test_forbidden_letters_are_named():
    assert "不允许" in validate_uscc("91350100M000100I43")


def test_wrong_length():
    assert "18位" in validate_uscc("9135010")


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=16),
    st.sampled_from(list(ALPHABET)),
)
def test_generated_codes_validate_and_any_single_change_is_caught(seed, pos, ch):
    code = make_uscc("440106", random.Random(seed))
    assert is_valid_uscc(code)
    mutated = code[:pos] + ch + code[pos + 1 :]
    if mutated != code and mutated[2:8].isdigit():
        assert not is_valid_uscc(mutated)
