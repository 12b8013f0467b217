from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required

from .models import Enrollment


@role_required(Role.STUDENT)
def student_home(request):
    """Students only: their own enrollments."""
    enrollments = Enrollment.objects.filter(student=request.user).select_related("course").order_by("-enrolled_at")
    return render(request, "learning/student_home.html", {"enrollments": enrollments})


@role_required(Role.TEACHER)
def teacher_home(request):
    """Teachers only: the courses they teach."""
    courses = request.user.taught_courses.order_by("title")
    return render(request, "learning/teacher_home.html", {"courses": courses})
