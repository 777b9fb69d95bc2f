"""The stage bar: the five stages, the current one, and which are done."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from infoint_tui.store.kinds import STAGE_LABELS, WORK_STAGES

STAGES: tuple[tuple[str, str, str], ...] = tuple(
    (stage.value, STAGE_LABELS[stage], f"F{number}") for number, stage in enumerate(WORK_STAGES, 1)
)
"""Each stage the bar shows: (key, label, key to press), from the store's one stage table."""
STAGE_KEYS = tuple(key for key, _, _ in STAGES)


class StageBar(Widget):
    """One line: `F1 Research ✓  F2 Questions ✓  [F3 Live]  F4 Reflect  F5 Follow-up`."""

    DEFAULT_CSS = """
    StageBar { height: 1; width: 1fr; background: $panel; }
    """

    current: reactive[str] = reactive("research")
    """The stage on screen."""
    reached: reactive[str] = reactive("research")
    """The furthest stage the interview has reached; the stages before it are done."""

    def render(self) -> Content:
        reached = STAGE_KEYS.index(self.reached) if self.reached in STAGE_KEYS else len(STAGES)
        parts: list[Content] = []
        for index, (key, label, shortcut) in enumerate(STAGES):
            done = index < reached
            text = f" {shortcut} {label}{' ✓' if done else ''} "
            if key == self.current:
                parts.append(Content.styled(text, "bold reverse"))
            elif done:
                parts.append(Content.styled(text, "$text-success"))
            else:
                parts.append(Content.styled(text, "$text-muted"))
        parts.append(Content.styled(" F10 Home", "$text-muted"))
        return Content("").join(parts)
