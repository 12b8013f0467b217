from .attempts import claim_attempts, close_if_time_is_up, start_attempt, submit_section
from .errors import PlacementRefused, TimeIsUp

__all__ = [
    "PlacementRefused",
    "TimeIsUp",
    "claim_attempts",
    "close_if_time_is_up",
    "start_attempt",
    "submit_section",
]
