"""Asking the tutor, rating and reporting its answers. Every question is judged by the policy first; a refusal
is recorded like an answer, so usage and refusals read from one table."""

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

import analytics
from learning import services as learning

from . import allowance, policy, retrieval, text
from . import rules as tutor_rules
from .models import Conversation, Decision, Exchange, KnowledgeSource
from .providers import get_provider
from .providers.base import ProviderError, Request, Source, Usage

MAX_QUESTION_CHARS = 1000
MAX_REPORT_CHARS = 1000


class TutorError(Exception):
    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotEnrolled(TutorError):
    status_code = 403


class NotYours(TutorError):
    status_code = 403


class Refused(TutorError):
    status_code = 403


def clean_question(value: str) -> str:
    """The question as the tutor takes it, or TutorError saying what is wrong with it."""
    value = (value or "").strip()
    if not value:
        raise TutorError(_("Write a question first."))
    if len(value) > MAX_QUESTION_CHARS:
        raise TutorError(
            _("A question can be at most %(limit)s characters long; this one has %(count)s.")
            % {"limit": MAX_QUESTION_CHARS, "count": len(value)}
        )
    if "\ufffd" in value or any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        raise TutorError(_("The question contains characters that are not text."))
    return value


@dataclass
class Turn:
    """An accepted question whose answer is written as it is read; recorded once the last piece is out."""

    conversation: Conversation
    lesson_id: int | None
    question: str
    language: str
    request: Request
    citations: list[dict]
    reservation: allowance.Reservation
    exchange: Exchange | None = None
    pieces: list[str] = field(default_factory=list)

    def chunks(self) -> Iterator[str]:
        """The answer piece by piece. Closed before its end (the student left), the provider's stream is closed too
        and what was written so far is recorded, with its tokens and cost."""
        provider, usage = get_provider(), Usage()
        started = time.monotonic()
        stream = provider.stream(self.request, usage)
        try:
            for piece in stream:
                self.pieces.append(piece)
                yield piece
        except ProviderError:
            with override(self.language):
                piece = _("The tutor cannot answer right now. Please try again in a few minutes.")
            self.pieces.append(piece)
            self._finish(provider, usage, Decision.PROVIDER_ERROR, started)
            yield piece
            return
        except GeneratorExit:
            stream.close()  # the provider counts what it wrote
            self._finish(provider, usage, Decision.ABANDONED, started)
            raise
        self._finish(provider, usage, Decision.ANSWERED, started)

    def _finish(self, provider, usage: Usage, decision: str, started: float) -> None:
        self.reservation.settle(tokens=usage.tokens_in + usage.tokens_out, answered=decision != Decision.PROVIDER_ERROR)
        self.exchange = _record(
            conversation=self.conversation,
            lesson_id=self.lesson_id,
            question=self.question,
            language=self.language,
            decision=decision,
            answer="".join(self.pieces),
            citations=self.citations if decision != Decision.PROVIDER_ERROR and self.request.sources else [],
            provider=provider,
            usage=usage,
            latency_ms=round((time.monotonic() - started) * 1000),
        )

    def answer(self) -> Exchange:
        for _piece in self.chunks():
            pass
        return self.exchange


@transaction.atomic  # the exchange and its funnel event in one commit
def _record(
    *,
    conversation,
    lesson_id,
    question,
    language,
    decision,
    answer,
    citations,
    provider,
    usage,
    latency_ms,
    flagged_as="",
):
    exchange = Exchange.objects.create(
        conversation=conversation,
        lesson_id=lesson_id,
        question=question,
        answer=answer,
        citations=citations,
        language=language,
        decision=decision,
        flagged_as=flagged_as,
        provider=provider.name,
        model=provider.model,
        tokens_in=usage.tokens_in,
        tokens_out=usage.tokens_out,
        cost=usage.cost,
        cost_currency=settings.FLUENTORY_REPORTING_CURRENCY,
        latency_ms=latency_ms,
    )
    analytics.track(
        "tutor_message",
        user=conversation.student,
        course=conversation.course_id,
        lesson=lesson_id,
        decision=decision,
        language=language,
    )
    return exchange


def _citation(course, hit: retrieval.Hit, number: int) -> dict:
    url = reverse("learning:lesson", kwargs={"slug": course.slug, "lesson_id": hit.lesson_id})
    return {"number": number, "lesson_id": hit.lesson_id, "title": hit.lesson_title, "url": f"{url}#{hit.anchor}"}


def ask(*, student, course, question: str, lesson=None) -> Turn:
    """Judge the question and prepare its answer; Refused (recorded) when the policy says no."""
    question = clean_question(question)
    if not learning.has_access(student=student, course=course) or not course.is_open_to_students:
        raise NotEnrolled(_("Only students enrolled in this course can ask its tutor."))
    if lesson is not None and lesson.course_id != course.pk:
        raise TutorError(_("This lesson is not part of the course."))
    rules = tutor_rules.current()
    limits = policy.limits_for(rules=rules, course=course)
    if rules.redact_personal_data:
        question = policy.redact(question)
    language = text.language_of(question)
    conversation, _created = Conversation.objects.get_or_create(student=student, course=course)
    verdict = policy.judge(rules=rules, limits=limits, question=question, language=language)
    if verdict.allowed and rules.moderate_questions:
        verdict = policy.moderate(question)
    if verdict.allowed:
        reservation, verdict = allowance.reserve(student=student, limits=limits)
    if not verdict.allowed:
        provider = get_provider()
        _record(
            conversation=conversation,
            lesson_id=lesson and lesson.pk,
            question=question,
            language=language,
            decision=verdict.decision,
            answer=verdict.reason,
            citations=[],
            provider=provider,
            usage=Usage(),
            latency_ms=0,
            flagged_as=verdict.flagged_as,
        )
        raise Refused(verdict.reason)
    hits = retrieval.search(course_id=course.pk, question=question)
    sources = [
        Source(number, hit.lesson_title, policy.redact(hit.text) if rules.redact_personal_data else hit.text)
        for number, hit in enumerate(hits, start=1)
    ]
    request = Request(
        question=question,
        language=language,
        tone=limits.tone,
        sources=sources,
        general_knowledge=rules.knowledge_source == KnowledgeSource.GENERAL,
    )
    citations = [_citation(course, hit, number) for number, hit in enumerate(hits, start=1)]
    return Turn(conversation, lesson and lesson.pk, question, language, request, citations, reservation)


def _own_answer(*, student, exchange_id: int) -> Exchange:
    exchange = (
        Exchange.objects.select_for_update()
        .filter(pk=exchange_id, conversation__student=student, decision=Decision.ANSWERED)
        .first()
    )
    if exchange is None:
        raise NotYours(_("There is no such answer of yours."))
    return exchange


@transaction.atomic
def rate(*, student, exchange_id: int, helpful: bool) -> Exchange:
    exchange = _own_answer(student=student, exchange_id=exchange_id)
    exchange.rating = 1 if helpful else -1
    exchange.save(update_fields=["rating"])
    return exchange


@transaction.atomic
def report(*, student, exchange_id: int, reason: str) -> Exchange:
    """Flag a wrong or harmful answer for the admins; reporting again keeps the first report."""
    reason = (reason or "").strip()
    if len(reason) > MAX_REPORT_CHARS:
        raise TutorError(_("Please keep the reason under %(limit)s characters.") % {"limit": MAX_REPORT_CHARS})
    exchange = _own_answer(student=student, exchange_id=exchange_id)
    if exchange.reported_at is None:
        exchange.reported_at, exchange.report_reason = timezone.now(), reason
        exchange.rating = -1
        exchange.save(update_fields=["reported_at", "report_reason", "rating"])
    return exchange
