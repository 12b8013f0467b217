from .certificates import Certificate, CertificateTemplate
from .community import Announcement, Message, MessageThread, Review
from .content import Lesson, Module, Quiz
from .courses import Course, CourseType, Enrollment, Level
from .governance import ChangeRequest, LessonLock
from .progress import LessonProgress, QuizAttempt

__all__ = [
    "Announcement",
    "Certificate",
    "CertificateTemplate",
    "ChangeRequest",
    "Course",
    "CourseType",
    "Enrollment",
    "Lesson",
    "LessonLock",
    "LessonProgress",
    "Level",
    "Message",
    "MessageThread",
    "Module",
    "Quiz",
    "QuizAttempt",
    "Review",
]
