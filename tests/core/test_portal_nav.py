def test_students_find_every_part_of_their_portal_from_the_dashboard(client, student):
    client.force_login(student)
    page = client.get("/learn/").content.decode()
    assert 'aria-label="Student portal"' in page
    assert '<a href="/learn/" aria-current="page">My courses</a>' in page
    for href in ("/learn/sessions/", "/learn/messages/"):
        assert f'href="{href}"' in page


def test_the_current_section_of_the_teacher_portal_is_marked(client, teacher):
    client.force_login(teacher)
    page = client.get("/teach/schedule/").content.decode()
    assert '<a href="/teach/schedule/" aria-current="page">Availability</a>' in page
    assert '<a href="/teach/" aria-current="page">' not in page


def test_no_portal_navigation_for_people_outside_the_portal(client, student, site):
    client.force_login(student)
    assert "portal-nav" not in client.get("/en/").content.decode()
    assert "portal-nav" not in client.get("/teach/").content.decode()
