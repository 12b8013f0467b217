"""The offline tutor end to end: indexed lessons, a ranked and quoted answer citing its lesson, history."""

import json

from tutor import services, text
from tutor.models import Decision, Exchange, Passage

STREAM = {"HTTP_ACCEPT": "application/x-ndjson"}


def test_arabic_normalisation_reads_spellings_alike():
    assert text.terms("أَهْلاً بالمدرســة") == text.terms("اهلا بالمدرسه")
    assert text.terms("السّلامة") == text.terms("السلامه")
    assert text.terms("Greetings") == text.terms("greeting")


def test_question_is_answered_from_the_lesson_and_cites_it(tutored, student):
    exchange = services.ask(student=student, course=tutored.course, question="What does goodbye mean?").answer()
    assert exchange.decision == Decision.ANSWERED
    assert "Maa salama means goodbye" in exchange.answer
    first = exchange.citations[0]
    assert first["lesson_id"] == tutored.greetings.pk
    assert first["url"].startswith(f"/learn/courses/{tutored.course.slug}/lessons/{tutored.greetings.pk}/#block-")


def test_arabic_question_is_answered_from_arabic_content(tutored, student):
    exchange = services.ask(student=student, course=tutored.course, question="ماذا تعني مع السلامة؟").answer()
    assert exchange.language == "ar"
    assert "مع السلامة" in exchange.answer
    assert exchange.answer.startswith("هذا ما تقوله دروسك")  # answered in the question's language
    assert exchange.citations[0]["lesson_id"] == tutored.greetings.pk


def test_question_with_no_match_says_so_without_citations(tutored, student):
    exchange = services.ask(student=student, course=tutored.course, question="quantum chromodynamics").answer()
    assert exchange.citations == []
    assert "could not find" in exchange.answer


def test_publishing_a_lesson_indexes_it(tutored, student, teacher, django_capture_on_commit_callbacks):
    lesson = tutored.food
    lesson.body = [{"type": "text", "value": "<p>Falafel is fried chickpeas.</p>", "id": "x1"}]
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision(user=teacher).publish(user=teacher, skip_permission_checks=True)
    assert Passage.objects.filter(lesson=lesson, text__contains="Falafel").exists()
    exchange = services.ask(student=student, course=tutored.course, question="what is falafel").answer()
    assert exchange.citations[0]["lesson_id"] == lesson.pk


def test_unpublished_lesson_is_no_longer_quoted(tutored, student, teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tutored.food.unpublish()
    assert not Passage.objects.filter(lesson=tutored.food).exists()
    exchange = services.ask(student=student, course=tutored.course, question="coffee").answer()
    assert exchange.citations == []


def test_lesson_page_has_the_chats_placeholder_and_the_passage_anchor(client, tutored, student):
    client.force_login(student)
    response = client.get(f"/learn/courses/{tutored.course.slug}/lessons/{tutored.greetings.pk}/")
    html = response.content.decode()
    panel_url = f"/learn/courses/{tutored.course.slug}/tutor/lessons/{tutored.greetings.pk}/"
    assert f'data-panel="{panel_url}"' in html and 'aria-live="polite"' in html
    assert f'href="{tutored.page_url}"' in html  # the tutor's own page, for a browser without scripts
    assert "data-tutor-form" not in html
    block_id = tutored.greetings.body[0].id
    assert f'id="block-{block_id}"' in html


def test_the_lesson_chat_is_fetched_after_the_page(client, tutored, student):
    client.force_login(student)
    lesson_url = f"/learn/courses/{tutored.course.slug}/lessons/{tutored.greetings.pk}/"
    response = client.get(f"/learn/courses/{tutored.course.slug}/tutor/lessons/{tutored.greetings.pk}/")
    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "data-tutor-form" in html and 'aria-live="polite"' in html
    assert f'name="lesson" value="{tutored.greetings.pk}"' in html
    assert f'name="next" value="{lesson_url}"' in html  # back to the lesson, not to the fetched panel


def test_dashboard_has_a_chat_per_course(client, tutored, student):
    client.force_login(student)
    assert 'data-panel="/learn/tutor/for-dashboard/"' in client.get("/learn/").content.decode()
    html = client.get("/learn/tutor/for-dashboard/").content.decode()
    assert f'action="/learn/courses/{tutored.course.slug}/tutor/ask/"' in html
    assert 'name="next" value="/learn/"' in html


def test_asking_without_scripts_returns_to_the_page_with_the_whole_answer(client, tutored, student):
    client.force_login(student)
    response = client.post(
        tutored.ask_url, {"question": "How do I say hello?", "lesson": tutored.greetings.pk, "next": tutored.page_url}
    )
    exchange = Exchange.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{tutored.page_url}#tutor-exchange-{exchange.pk}"
    assert exchange.lesson_id == tutored.greetings.pk
    page = client.get(tutored.page_url).content.decode()
    assert "Marhaba means hello" in page


def test_asking_with_scripts_streams_the_answer(client, tutored, student):
    client.force_login(student)
    response = client.post(tutored.ask_url, {"question": "How do I say hello?"}, **STREAM)
    assert response.status_code == 200 and response.streaming
    events = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert len([e for e in events if "text" in e]) >= 2  # the answer arrives in pieces
    assert events[-1]["done"] and "tutor-exchange-" in events[-1]["html"]
    assert "".join(e.get("text", "") for e in events) == Exchange.objects.get().answer


def test_history_keeps_each_exchange_in_the_conversation(client, tutored, student):
    client.force_login(student)
    for question in ("hello?", "coffee?"):
        client.post(tutored.ask_url, {"question": question})
    html = client.get(tutored.page_url).content.decode()
    assert "hello?" in html and "coffee?" in html
    assert Exchange.objects.filter(conversation__student=student).count() == 2


def test_student_rates_and_reports_an_answer(client, tutored, student):
    client.force_login(student)
    client.post(tutored.ask_url, {"question": "hello?"})
    exchange = Exchange.objects.get()
    client.post(f"/learn/tutor/answers/{exchange.pk}/rate/", {"helpful": "1"})
    exchange.refresh_from_db()
    assert exchange.rating == 1
    response = client.post(f"/learn/tutor/answers/{exchange.pk}/report/", {"reason": "Wrong word"}, **STREAM)
    assert response.status_code == 200 and "You reported this answer" in response.json()["html"]
    exchange.refresh_from_db()
    assert exchange.reported_at and exchange.report_reason == "Wrong word" and exchange.rating == -1
