from .student import student_home  # noqa: F401  (the "My Fluentory" redirect target)
from .teacher import teacher_home  # noqa: F401
