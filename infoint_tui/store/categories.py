"""Question categories: stable keys shared by banks, interviews and the comparison view."""

from __future__ import annotations

from infoint_tui.text import one_line

#: key -> label, in the order a comparison lists them.
CATEGORIES: dict[str, str] = {
    "path": "How they got here",
    "typical_day": "Typical day",
    "best_worst": "Best and worst parts",
    "energy": "What energizes and what drains",
    "preparation": "Preparation and training",
    "qualities": "Personal qualities valued",
    "salary": "Salary range",
    "trends": "Trends",
    "insights": "Insights",
    "advice": "Advice",
    "resources": "Resources",
    "assignments": "Assignments",
    "referrals": "Who else to talk to",
    "organization": "The organization",
    "other": "Other",
}


def category_label(key: str) -> str:
    """The label a user sees for a category key; unknown keys show as typed, on one line.

    An imported file can hold any text as a key: its control characters are shown as
    visible escapes, so a label can never reach the terminal as an escape sequence.
    """
    return CATEGORIES.get(key, one_line(key.replace("_", " ")).capitalize() or "Other")
