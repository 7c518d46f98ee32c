"""The published sizes of the national green lists, by batch and list type.

Source: ../shared/research/POLICY_RESEARCH.md §8.1 (each figure with its source and how
sure it is: V verified in the notice or a report of it, U unverified, R derived) and
the data README (2021: the official notice). The import report compares a list's
listings of one type with these and states the difference (docs/data-imports.md says
why each remaining difference exists).
"""

from __future__ import annotations

from dataclasses import dataclass

from greenmfg.core.vocabulary import Level, ListType


@dataclass(frozen=True)
class OfficialCount:
    """A published count: the number, where it comes from, and a note."""

    count: int
    source: str
    note: str = ""


F, D, P, S = (
    ListType.FACTORY,
    ListType.DESIGN_PRODUCT,
    ListType.PARK,
    ListType.SUPPLY_CHAIN,
)

#: (year, batch) → {list type: count}; the batch is as the register stores it
NATIONAL: dict[tuple[int, str], dict[str, OfficialCount]] = {
    (2017, "第一批"): {
        F: OfficialCount(201, "工信厅节函〔2017〕491号 (V)"),
        D: OfficialCount(193, "工信厅节函〔2017〕491号 (V)"),
        P: OfficialCount(24, "工信厅节函〔2017〕491号 (V)"),
        S: OfficialCount(15, "工信厅节函〔2017〕491号 (V)"),
    },
    (2017, "第二批"): {
        F: OfficialCount(208, "第二批绿色制造名单 (R: 1st+2nd totals − 1st)"),
        D: OfficialCount(
            54,
            "第二批绿色制造名单 (R: 1st+2nd totals − 1st)",
            "derived figure; the shipped file has 53 rows",
        ),
        P: OfficialCount(22, "第二批绿色制造名单 (R)"),
        S: OfficialCount(4, "第二批绿色制造名单 (R)"),
    },
    (2018, "第三批"): {
        F: OfficialCount(391, "第三批绿色制造名单 2018-11 (V)"),
        D: OfficialCount(480, "第三批绿色制造名单 2018-11 (V)"),
        P: OfficialCount(34, "第三批绿色制造名单 2018-11 (V)"),
        S: OfficialCount(21, "第三批绿色制造名单 2018-11 (V)"),
    },
    (2019, "第四批"): {
        F: OfficialCount(602, "工信厅节函〔2019〕196号 (U final; 611 in 公示)"),
        D: OfficialCount(371, "工信厅节函〔2019〕196号 (V)"),
        P: OfficialCount(39, "工信厅节函〔2019〕196号 (U final; 40 in 公示)"),
        S: OfficialCount(50, "工信厅节函〔2019〕196号 (V)"),
    },
    (2020, "第五批"): {
        F: OfficialCount(719, "第五批绿色制造名单 (U)"),
        D: OfficialCount(1073, "第五批绿色制造名单 (U)", "the shipped file has 1,068 rows"),
        P: OfficialCount(53, "第五批绿色制造名单 (U)"),
        S: OfficialCount(99, "第五批绿色制造名单 (U)"),
    },
    (2021, "第六批"): {
        F: OfficialCount(662, "工信厅节函〔2022〕7号 (V)"),
        D: OfficialCount(989, "工信厅节函〔2022〕7号 (V)"),
        P: OfficialCount(52, "工信厅节函〔2022〕7号 (V)"),
        S: OfficialCount(107, "工信厅节函〔2022〕7号 (V)"),
    },
    (2022, "第七批"): {
        F: OfficialCount(874, "2022年度绿色制造名单 (V)"),
        D: OfficialCount(643, "2022年度绿色制造名单 (V)"),
        P: OfficialCount(47, "2022年度绿色制造名单 (V)"),
        S: OfficialCount(112, "2022年度绿色制造名单 (V)"),
    },
    (2023, ""): {
        F: OfficialCount(1488, "2023年度绿色制造名单 (V)"),
        P: OfficialCount(104, "2023年度绿色制造名单 (V)"),
        S: OfficialCount(205, "2023年度绿色制造名单 (V)"),
    },
    (2024, ""): {
        F: OfficialCount(1382, "2024年度绿色制造名单 (V)"),
        P: OfficialCount(123, "2024年度绿色制造名单 (V)"),
        S: OfficialCount(126, "2024年度绿色制造名单 (V)"),
    },
    (2025, ""): {
        F: OfficialCount(2038, "2025年度绿色制造名单 (V)"),
        P: OfficialCount(128, "2025年度绿色制造名单 (V)"),
    },
}

#: other spellings of the yearly batches (2022 = 第七批 = 2022年度)
BATCH_ALIASES: dict[str, str] = {"2021年度": "第六批", "2022年度": "第七批", "2021": "第六批"}


def official_count(level: str, year: int, batch: str, list_type: str) -> OfficialCount | None:
    """The published count of a list (national only; None when unknown).

    In: the list's level, year, batch (as stored: 第三批, 2022年度, "" …) and type.
    """
    if level != Level.NATIONAL:
        return None
    batch = BATCH_ALIASES.get(batch, batch)
    for key in ((year, batch), (year, ""), (year, f"{year}年度")):
        counts = NATIONAL.get(key)
        if counts is not None:
            return counts.get(list_type)
    if year in (2022,):
        return NATIONAL[(2022, "第七批")].get(list_type)
    return None
