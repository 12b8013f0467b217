class PlacementRefused(Exception):
    """A request the test cannot take (finished, forged, replayed, late): nothing was changed."""


class TimeIsUp(PlacementRefused):
    """Answers arrived after the time limit; the attempt is closed with what was answered in time."""
