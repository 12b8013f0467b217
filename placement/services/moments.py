"""The two moments of an attempt that follow-ups start from: a known person now holds an unfinished attempt
(started signed in, or an anonymous attempt attached at sign-up or log-in), and an attempt finished.
Every path through the services passes here, so anything that reacts to them (a reminder to finish the
test, for one) is one call in each function."""

import analytics

from .. import sequences
from ..models import Attempt


def owner_known(*, attempt: Attempt) -> None:
    """The person was signed in when they started, or the attempt was anonymous until now: a day on, they are
    reminded to finish it unless they have (`sequences`)."""
    sequences.enter_unfinished(attempt=attempt)


def finished(*, attempt: Attempt) -> None:
    analytics.track(
        "placement_finished",
        user=attempt.user,
        test=attempt.test_id,
        attempt=str(attempt.key),
        score=attempt.score,
        level=attempt.level.code if attempt.level else "",
        outcome=attempt.outcome,
    )
