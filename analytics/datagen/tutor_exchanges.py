"""AI tutor exchanges for part 20's enrollments (`world.made["enrollments"]`, `["lessons"]`): about a third of
enrolled students talk to the tutor, a few questions each, on a handful of recurring topics, with tokens and a cost
per exchange as the tutor records them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings

from tutor.models import Conversation, Decision, Exchange

from . import World, batched, part
from .learning_records import keeping_times

TOPICS = (
    "How do I conjugate the past tense of this verb?",
    "What is the difference between these two greetings?",
    "Can you explain the plural of this noun?",
    "How do I pronounce this letter correctly?",
    "When do I use the formal greeting?",
    "Why is the past tense irregular here?",
    "What does this idiom mean in everyday speech?",
    "How do I count from eleven to twenty?",
)
COST_PER_TOKEN = Decimal("0.000002")


@part(50)
def generate(world: World) -> None:
    rnd = world.random
    talkers = [row for row in world.made["enrollments"] if rnd.random() < 0.35]
    Conversation.objects.bulk_create(
        (Conversation(student_id=student_id, course_id=course_id) for _pk, student_id, course_id, _at in talkers),
        batch_size=5000,
    )
    conversations = dict(
        ((student_id, course_id), pk)
        for pk, student_id, course_id in Conversation.objects.filter(
            course_id__in=world.made["course_ids"]
        ).values_list("pk", "student_id", "course_id")
    )

    def exchanges():
        for _pk, student_id, course_id, enrolled_at in talkers:
            lessons = world.made["lessons"][course_id]
            for _ in range(rnd.choice((1, 2, 3, 5, 8))):
                when = enrolled_at + (world.end - enrolled_at) * rnd.random()
                refused = rnd.random() < 0.04
                tokens_in, tokens_out = rnd.randrange(200, 1500), 0 if refused else rnd.randrange(80, 600)
                yield Exchange(
                    conversation_id=conversations[(student_id, course_id)],
                    lesson_id=rnd.choice(lessons) if lessons else None,
                    question=rnd.choice(TOPICS),
                    answer="" if refused else "…",
                    language="en",
                    decision=Decision.REFUSED_TOPIC if refused else Decision.ANSWERED,
                    provider="offline",
                    tokens_in=tokens_in,
                    tokens_out=tokens_out,
                    cost=(tokens_in + tokens_out) * COST_PER_TOKEN,
                    cost_currency=settings.FLUENTORY_REPORTING_CURRENCY,
                    latency_ms=rnd.randrange(200, 4000),
                    created_at=min(when, world.end - timedelta(seconds=1)),
                )

    made = 0
    with keeping_times(Exchange, "created_at"):
        for batch in batched(exchanges()):
            Exchange.objects.bulk_create(batch)
            made += len(batch)
    world.log(f"{len(talkers)} tutor conversations, {made} exchanges")
