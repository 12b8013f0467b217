"""The tutor's pages read a fixed number of rows, however long the conversation."""

from tutor import services


def _ask(tutored, student, times):
    for number in range(times):
        services.ask(student=student, course=tutored.course, question=f"hello {number}?").answer()


def test_conversation_page_queries_do_not_grow_with_history(client, tutored, student, django_assert_max_num_queries):
    client.force_login(student)
    _ask(tutored, student, 2)
    with django_assert_max_num_queries(30) as few:
        client.get(tutored.page_url)
    _ask(tutored, student, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(tutored.page_url)


def test_asking_reads_a_fixed_number_of_rows(client, tutored, student, django_assert_max_num_queries):
    client.force_login(student)
    client.post(tutored.ask_url, {"question": "hello?"})  # the process builds the course's ranking once
    with django_assert_max_num_queries(20):
        client.post(tutored.ask_url, {"question": "goodbye?"})
