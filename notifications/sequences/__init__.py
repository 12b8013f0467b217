"""Email sequences: steps sent after (or before) an event, once each, until the sequence's exit condition is met.

Apps register their triggers, conditions and exit conditions from AppConfig.ready() (see `registry`), and call
`enter()` when their event happens; the beat task runs `engine.tick()`.
"""

from .registry import Candidate, Entry, ShippedStep, register_condition, register_exit, register_trigger


def enter(**event):
    """See `engine.enter`; imported on use, since the models themselves read this package's registry."""
    from .engine import enter as enter_now

    return enter_now(**event)


__all__ = [
    "Candidate",
    "Entry",
    "ShippedStep",
    "enter",
    "register_condition",
    "register_exit",
    "register_trigger",
]
