"""infoint-tui: a keyboard-driven terminal companion for informational interviews."""

__version__ = "0.1.0"
