import factory

from cms.models import CategoryPage, CoursePage
from learning.models import Course, CourseType, Level


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "A course."
    language = "Arabic"
    level = Level.A1
    course_type = CourseType.RECORDED
    estimated_hours = 10
    status = Course.Status.PUBLISHED


def add_category(parent, *, title="Courses", slug="courses") -> CategoryPage:
    category = CategoryPage(title=title, slug=slug, intro="All our courses.")
    parent.add_child(instance=category)
    category.save_revision().publish()
    return category


def add_course_page(category, course=None, **fields) -> CoursePage:
    course = course or CourseFactory()
    page = CoursePage(
        title=fields.pop("title", course.title),
        slug=fields.pop("slug", course.slug),
        course=course,
        intro=fields.pop("intro", "Learn it."),
        description="<p>All about it.</p>",
        **fields,
    )
    category.add_child(instance=page)
    page.save_revision().publish()
    return page
