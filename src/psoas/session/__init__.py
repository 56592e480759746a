"""Guided sessions: the timeline (pure), the engine that plays it, and its terminal face."""

from psoas.session.player import Outcome, PainChoice, View, play
from psoas.session.timeline import Kind, Step, Timeline, expand

__all__ = ["Kind", "Outcome", "PainChoice", "Step", "Timeline", "View", "expand", "play"]
