"""Scheduling: slot computation over 90 days with 500 bookings, and 50 concurrent bookings of one slot."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta

from bench.harness import Row, Target

TEACHER = "bench.teacher@fluentory.test"
RACE_TEACHER = "bench.race.teacher@fluentory.test"
STUDENT = "bench.student.{}@fluentory.test"
RACERS = 50


def _user(email, **flags):
    from accounts.models import User

    user, _ = User.objects.get_or_create(email=email, defaults={"display_name": email.split("@")[0], **flags})
    return user


def prepare():
    from datetime import time as clock

    from django.utils import timezone

    from scheduling.models import LiveSession, WeeklyWindow
    from scheduling.services import bookings, credits

    teacher = _user(TEACHER, is_teacher=True, is_student=False, time_zone="Asia/Amman")
    schedule = bookings.schedule_for(teacher)
    schedule.horizon_days = 120
    schedule.save()
    for day in range(7):
        WeeklyWindow.objects.get_or_create(schedule=schedule, weekday=day, start_time=clock(8), end_time=clock(20))
    # 500 sessions spread over 90 days: about five or six a day, an hour each, two hours apart.
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    LiveSession.objects.filter(teacher=teacher).delete()
    LiveSession.objects.bulk_create(
        LiveSession(
            teacher=teacher,
            kind="private",
            title="Bench session",
            starts_at=start + timedelta(hours=4 * i + 1),
            ends_at=start + timedelta(hours=4 * i + 2),
            capacity=1,
            seats_taken=1,
            meeting_room=f"bench-{i}",
        )
        for i in range(500)
    )

    race_teacher = _user(RACE_TEACHER, is_teacher=True, is_student=False, time_zone="Europe/London")
    race_schedule = bookings.schedule_for(race_teacher)
    for day in range(7):
        WeeklyWindow.objects.get_or_create(schedule=race_schedule, weekday=day, start_time=clock(0), end_time=clock(23))
    for i in range(RACERS):
        student = _user(STUDENT.format(i), time_zone="Europe/London")
        credits.grant_credits(student=student, quantity=100, source="admin", reference="bench")


def targets():
    from accounts.models import User

    teacher = User.objects.get(email=TEACHER)
    return [
        Target(
            "booking page, 14 days of slots",
            f"/learn/sessions/teachers/{teacher.pk}/",
            login_as=STUDENT.format(0),
            note="500 booked sessions in the teacher's calendar",
        )
    ]


def _slot_rows() -> list[Row]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from scheduling.models import TeacherSchedule
    from scheduling.services.availability import free_slots

    timings, queries, count = [], 0, 0
    for _ in range(15):
        schedule = TeacherSchedule.objects.select_related("teacher").get(teacher__email=TEACHER)
        now = timezone.now()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            slots = free_slots(schedule=schedule, start=now, end=now + timedelta(days=90), now=now)
            timings.append((time.perf_counter() - started) * 1000)
        queries, count = len(captured), len(slots)
    return [
        Row("slots, 90 days, 500 bookings (median ms)", f"{statistics.median(timings):.1f}", "< 50", f"{count} slots"),
        Row("slots, 90 days, 500 bookings (queries)", str(queries), "≤ 5"),
    ]


def _race_rows() -> list[Row]:
    from django.middleware.csrf import _get_new_csrf_string

    from accounts.models import User
    from bench.run import HOST, ROOT, free_port, session_cookie_for, wait_until_up
    from scheduling.models import TeacherSchedule
    from scheduling.services.availability import free_slots

    teacher = User.objects.get(email=RACE_TEACHER)
    schedule = TeacherSchedule.objects.get(teacher=teacher)
    from django.utils import timezone

    now = timezone.now()
    booked = set(teacher.live_sessions.filter(status="scheduled").values_list("starts_at", flat=True))
    slot = next(
        s
        for s in free_slots(schedule=schedule, start=now + timedelta(days=1), end=now + timedelta(days=30))
        if s.starts_at not in booked
    )
    body = json.dumps({"teacher": teacher.pk, "starts_at": slot.starts_at.isoformat()}).encode()
    csrf = _get_new_csrf_string()
    cookies = [f"{session_cookie_for(STUDENT.format(i))}; csrftoken={csrf}" for i in range(RACERS)]

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fluentory.wsgi",
            "--workers",
            "2",
            "--threads",
            "4",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=dict(os.environ),
    )
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(RACERS)
    latencies: list[float] = []

    def racer(cookie):
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        headers = {
            "Content-Type": "application/json",
            "Cookie": cookie,
            "X-CSRFToken": csrf,
            "Host": f"{HOST}:{port}",
            "Referer": f"http://{HOST}:{port}/",
        }
        barrier.wait()
        started = time.perf_counter()
        try:
            conn.request("POST", "/learn/sessions/api/bookings/", body=body, headers=headers)
            status = conn.getresponse().status
        except (OSError, http.client.HTTPException):
            status = 0
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append((time.perf_counter() - started) * 1000)
        conn.close()

    try:
        wait_until_up(port)
        threads = [threading.Thread(target=racer, args=(cookie,)) for cookie in cookies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = " ".join(f"{code}:{n}" for code, n in sorted(statuses.items()))
    only_expected = set(statuses) <= {201, 409} and statuses.get(201) == 1
    return [
        Row(
            "booking endpoint, 50 concurrent, one slot",
            summary,
            "201:1 409:49",
            ("ok" if only_expected else "UNEXPECTED") + f", slowest {max(latencies):.0f} ms",
        )
    ]


def measure() -> list[Row]:
    return _slot_rows() + _race_rows()
