"""infoint-tui (or the bare app) in a real terminal, with an event-loop lag monitor inside.

`run.py` starts this in a pty and types into it. Once the app is ready, a task on the app's
own event loop sleeps 1 ms at a time and records by how much each sleep overran: an
overrun is a stall, time in which no key, timer or repaint could be handled. The samples
(monotonic end time, overrun in seconds) go to `--samples` as JSON when the app exits.
The app is built exactly as `infoint-tui --db PATH` builds it; nothing in it is changed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from array import array
from pathlib import Path
from typing import Any

TICK = 0.001


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bare", action="store_true", help="the bare app instead")
    parser.add_argument("--db", help="the database infoint-tui opens")
    parser.add_argument("--samples", required=True, help="JSON file for the lag samples")
    args = parser.parse_args()

    ends = array("d")
    lags = array("d")
    ready: list[float] = []
    tasks: list[asyncio.Task[None]] = []

    async def monitor() -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(TICK)
            after = time.monotonic()
            ends.append(after)
            lags.append(max(0.0, after - before - TICK))

    async def start_monitor(pilot: Any) -> None:
        ready.append(time.monotonic())
        tasks.append(asyncio.create_task(monitor()))

    app: Any
    if args.bare:
        from bare_app import BareApp

        app = BareApp()
    else:
        from infoint_tui import paste
        from infoint_tui.app import InfointApp

        paste.install()  # as the command line does
        app = InfointApp(db_path=Path(args.db))
    try:
        app.run(auto_pilot=start_monitor)
    finally:
        samples = {"ready": ready[0] if ready else None, "ends": list(ends), "lags": list(lags)}
        Path(args.samples).write_text(json.dumps(samples), encoding="utf-8")


if __name__ == "__main__":
    main()
