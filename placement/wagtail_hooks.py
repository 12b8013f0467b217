"""Placement tests in the Wagtail admin: frameworks and their levels, tests with their sections and score
bands, recommended courses per level, and the placement analytics report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin import AdminOnlyMenuItem

from . import admin_views
from .forms import PlacementTestForm
from .models import CourseRecommendation, Framework, PlacementTest
from .services import frameworks


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    icon = "list-ol"
    menu_label = _("Proficiency frameworks")
    list_display = ["language", "name"]
    search_fields = ["language", "name"]
    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("name"), FieldPanel("name_ar")]),
        InlinePanel(
            "levels",
            heading=_("Levels, lowest first"),
            help_text=_("Leave empty to start with the six CEFR levels (A1 to C2), described in English and Arabic."),
            panels=[
                FieldRowPanel(
                    [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_ar"), FieldPanel("course_level")]
                ),
                FieldPanel("description"),
                FieldPanel("description_ar"),
            ],
        ),
    ]


class PlacementTestViewSet(SnippetViewSet):
    model = PlacementTest
    icon = "tasks"
    menu_label = _("Placement tests")
    list_display = ["title", "framework", "routing", "time_limit_minutes", "is_live"]
    list_filter = ["framework", "routing", "is_live"]
    search_fields = ["title"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("framework"),
                    FieldRowPanel([FieldPanel("title"), FieldPanel("title_ar")]),
                    FieldPanel("slug"),
                    FieldPanel("intro"),
                    FieldPanel("intro_ar"),
                    FieldRowPanel([FieldPanel("routing"), FieldPanel("time_limit_minutes")]),
                    FieldPanel("is_live"),
                ],
                heading=_("Test"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "sections",
                        heading=_("Sections"),
                        panels=[
                            FieldRowPanel([FieldPanel("title"), FieldPanel("title_ar"), FieldPanel("skill")]),
                            FieldRowPanel(
                                [
                                    FieldPanel("step"),
                                    FieldPanel("difficulty"),
                                    FieldPanel("weight"),
                                    FieldPanel("points_per_question"),
                                ]
                            ),
                            MultiFieldPanel(
                                [FieldPanel("passage"), FieldPanel("audio"), FieldPanel("transcript")],
                                heading=_("Reading passage or listening audio"),
                            ),
                            FieldPanel("questions"),
                        ],
                    )
                ],
                heading=_("Sections"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "bands",
                        heading=_("Score bands"),
                        help_text=_("Every score from 0 to 100% must fall in exactly one band."),
                        panels=[FieldRowPanel([FieldPanel("min_score"), FieldPanel("max_score"), FieldPanel("level")])],
                    )
                ],
                heading=_("Scoring"),
            ),
        ],
        base_form_class=PlacementTestForm,
    )


class CourseRecommendationViewSet(SnippetViewSet):
    model = CourseRecommendation
    icon = "pick"
    menu_label = _("Recommended courses")
    list_display = ["level", "course", "sort_order"]
    list_filter = ["level__framework"]
    panels = [FieldPanel("level"), FieldPanel("course"), FieldPanel("sort_order")]


class PlacementViewSetGroup(SnippetViewSetGroup):
    items = (PlacementTestViewSet, FrameworkViewSet, CourseRecommendationViewSet)
    menu_icon = "tasks"
    menu_label = _("Placement")
    menu_name = "placement"
    menu_order = 260


register_snippet(PlacementViewSetGroup)


@hooks.register("after_create_snippet")
def default_levels_for_new_frameworks(request, instance):
    if isinstance(instance, Framework):
        frameworks.add_cefr_levels(framework=instance)


@hooks.register("register_admin_urls")
def placement_admin_urls():
    return [path("placement/analytics/", admin_views.analytics_report, name="placement_analytics")]


@hooks.register("register_reports_menu_item")
def placement_report_menu_item():
    return AdminOnlyMenuItem(
        _("Placement analytics"), reverse("placement_analytics"), icon_name="clipboard-list", order=700
    )
