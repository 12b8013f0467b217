"""Where a student can get credits: offers other apps (commerce's packages and trial lessons) put on the live-sessions
pages.

Scheduling knows nothing of payments, so the seller answers through a Wagtail hook: each registered function takes
`(request, teacher=…, needs_credits=…)` and returns HTML, or "" when it has nothing to offer there. `teacher` is
None on the sessions page; `needs_credits` says the student has no credit they could spend there.
"""

from wagtail import hooks

CREDIT_OFFERS_HOOK = "scheduling_credit_offers"


def credit_offers(request, *, teacher=None, needs_credits: bool) -> list[str]:
    return [
        html
        for render in hooks.get_hooks(CREDIT_OFFERS_HOOK)
        if (html := render(request, teacher=teacher, needs_credits=needs_credits))
    ]
