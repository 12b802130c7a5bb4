"""The 21 coded outcomes of an application: the rows of section 三 of the annual report.

The keys and labels are fixed by the 2021 report format and read from the report layout, so the
decision an officer records today is exactly the row the annual report counts it in.
"""

from __future__ import annotations

from . import layout


def _choices() -> list[tuple[str, str]]:
    keys = set(layout.outcome_keys())
    choices = []
    for row in layout.section3_rows():
        if row.key not in keys:
            continue
        label = f"{row.subgroup} {row.label}" if row.subgroup else row.label
        choices.append((row.key, label))
    return choices


OUTCOME_KEYS: tuple[str, ...] = tuple(layout.outcome_keys())
OUTCOME_CHOICES: list[tuple[str, str]] = _choices()
OUTCOME_LABELS: dict[str, str] = dict(OUTCOME_CHOICES)
# Row labels alone, as printed in the report (used in ledgers and letters).
OUTCOME_ROW_LABELS: dict[str, str] = {
    r.key: r.label for r in layout.section3_rows() if r.key in set(OUTCOME_KEYS)
}

# Outcomes that tell the applicant that (some) information is provided.
DISCLOSING_OUTCOMES = frozenset({"granted", "partial"})
