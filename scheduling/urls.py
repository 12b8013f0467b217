from django.urls import path

from .views import feeds, student, teacher

app_name = "scheduling"

urlpatterns = [
    # Teachers
    path("teach/schedule/", teacher.calendar, name="teacher-calendar"),
    path("teach/schedule/hours/add/", teacher.add_hours, name="teacher-hours-add"),
    path("teach/schedule/hours/<int:pk>/delete/", teacher.delete_hours, name="teacher-hours-delete"),
    path("teach/schedule/overrides/add/", teacher.add_override, name="teacher-override-add"),
    path("teach/schedule/overrides/<int:pk>/delete/", teacher.delete_override, name="teacher-override-delete"),
    path("teach/schedule/blocks/add/", teacher.add_block, name="teacher-block-add"),
    path("teach/schedule/blocks/<int:pk>/delete/", teacher.delete_block, name="teacher-block-delete"),
    path("teach/schedule/settings/", teacher.update_settings, name="teacher-settings"),
    path("teach/schedule/presence/", teacher.heartbeat, name="presence-heartbeat"),
    path("teach/schedule/sessions/", teacher.sessions, name="teacher-sessions"),
    path("teach/schedule/sessions/new/", teacher.new_class, name="teacher-class-new"),
    path("teach/schedule/sessions/<int:pk>/", teacher.session_detail, name="teacher-session"),
    path("teach/schedule/sessions/<int:pk>/cancel/", teacher.cancel_session, name="teacher-session-cancel"),
    path("teach/schedule/sessions/<int:pk>/attendance/", teacher.attendance, name="teacher-attendance"),
    path("teach/schedule/sessions/<int:pk>/join/", teacher.join_session, name="teacher-session-join"),
    # Students
    path("learn/sessions/", student.dashboard, name="student-sessions"),
    path("learn/sessions/api/bookings/", student.api_book, name="api-bookings"),
    path("learn/sessions/teachers/<int:teacher_id>/", student.book_teacher, name="book-teacher"),
    path("learn/sessions/teachers/<int:teacher_id>/watch/", student.watch_teacher, name="watch-teacher"),
    path("learn/sessions/classes/<int:session_id>/join/", student.join_class, name="class-join"),
    path("learn/sessions/credits/<int:pk>/extend/", student.request_extension, name="credits-extend"),
    path("learn/sessions/<int:pk>/", student.booking_detail, name="booking-detail"),
    path("learn/sessions/<int:pk>/calendar.ics", student.booking_ics, name="booking-ics"),
    path("learn/sessions/<int:pk>/cancel/", student.cancel_booking, name="booking-cancel"),
    path("learn/sessions/<int:pk>/reschedule/", student.reschedule, name="booking-reschedule"),
    path("learn/sessions/<int:pk>/join/", student.join, name="booking-join"),
    # Calendar feeds
    path("calendar/reset/", feeds.reset, name="feed-reset"),
    path("calendar/<str:token>.ics", feeds.feed, name="calendar-feed"),
]
