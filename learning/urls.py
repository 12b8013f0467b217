from django.urls import path

from .views import certificates, student, teacher

app_name = "learning"

urlpatterns = [
    path("learn/", student.student_home, name="student-home"),
    path("learn/courses/<slug:slug>/", student.course, name="course"),
    path("learn/courses/<slug:slug>/lessons/<int:lesson_id>/", student.lesson, name="lesson"),
    path(
        "learn/courses/<slug:slug>/lessons/<int:lesson_id>/complete/", student.complete_lesson, name="lesson-complete"
    ),
    path("learn/courses/<slug:slug>/lessons/<int:lesson_id>/time/", student.lesson_time, name="lesson-time"),
    path("learn/courses/<slug:slug>/quizzes/<int:quiz_id>/", student.quiz, name="quiz"),
    path(
        "learn/courses/<slug:slug>/quizzes/<int:quiz_id>/attempts/<int:number>/",
        student.quiz_result,
        name="quiz-result",
    ),
    path("learn/courses/<slug:slug>/review/", student.review, name="review"),
    path("learn/courses/<slug:slug>/message/", student.message_teacher, name="message-teacher"),
    path("learn/messages/", student.messages_home, name="student-messages"),
    path("learn/messages/<int:thread_id>/", student.student_thread, name="student-thread"),
    path("learn/certificates/", certificates.student_certificates, name="certificates"),
    path("learn/certificates/<str:code>.pdf", certificates.certificate_pdf, name="certificate-pdf"),
    path("learn/certificates/<str:code>/share/<str:channel>/", certificates.share, name="certificate-share-via"),
    path("certificates/<str:code>/", certificates.verify, name="certificate-verify"),
    path("certificates/<str:code>.json", certificates.credential, name="certificate-credential"),
    path("certificates/<str:code>/status.json", certificates.status, name="certificate-status"),
    path("certificates/<str:code>/share/", certificates.share_page, name="certificate-share"),
    path("certificates/<str:code>/share.png", certificates.share_image, name="certificate-share-image"),
    path("teach/", teacher.teacher_home, name="teacher-home"),
    path("teach/courses/new/", teacher.course_create, name="course-create"),
    path("teach/courses/<int:pk>/", teacher.builder, name="builder"),
    path("teach/courses/<int:pk>/edit/", teacher.course_edit, name="course-edit"),
    path("teach/courses/<int:pk>/submit/", teacher.submit, name="submit"),
    path("teach/courses/<int:course_pk>/modules/new/", teacher.module_form, name="module-create"),
    path("teach/courses/<int:pk>/students/", teacher.students, name="students"),
    path("teach/courses/<int:pk>/students/<int:student_id>/message/", teacher.message_student, name="message-student"),
    path(
        "teach/courses/<int:pk>/students/<int:student_id>/certificate/",
        teacher.teacher_issue,
        name="issue-certificate",
    ),
    path("teach/courses/<int:pk>/announcements/", teacher.announcements, name="announcements"),
    path("teach/modules/<int:pk>/", teacher.module_form, name="module-edit"),
    path("teach/modules/<int:module_pk>/lessons/new/", teacher.lesson_create, name="lesson-create"),
    path("teach/lessons/<int:pk>/", teacher.lesson_edit, name="lesson-edit"),
    path("teach/lessons/<int:pk>/blocks/", teacher.lesson_block, name="block-add"),
    path("teach/lessons/<int:pk>/blocks/<str:block_id>/", teacher.lesson_block, name="block-edit"),
    path("teach/<str:owner>/<int:pk>/quiz/", teacher.quiz_settings, name="quiz-settings"),
    path("teach/quizzes/<int:pk>/", teacher.quiz_edit, name="quiz-edit"),
    path("teach/quizzes/<int:pk>/preview/", teacher.quiz_preview, name="quiz-preview"),
    path("teach/lessons/<int:pk>/preview/", teacher.lesson_preview, name="lesson-preview"),
    path("teach/<str:kind>/<int:pk>/move/", teacher.move, name="move"),
    path("teach/<str:kind>/<int:pk>/remove/", teacher.remove, name="remove"),
    path("teach/messages/", teacher.teacher_messages, name="teacher-messages"),
    path("teach/messages/<int:thread_id>/", teacher.teacher_thread, name="teacher-thread"),
]
