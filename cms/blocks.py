"""StreamField blocks editors combine on home, landing, standard and course pages."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from learning.models import Level


def validate_link(value: str) -> None:
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https", "mailto"])(value)


class LinkBlock(blocks.StructBlock):
    """A call to action: a page of the site or an address, never both."""

    label = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Or an address"),
        required=False,
        max_length=300,
        validators=[validate_link],
        help_text=_("A full address (https://…) or a path on this site (/placement/)."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        template = "cms/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter an address (one of the two).")
            raise StructBlockValidationError(block_errors={"url": ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["href"] = link_href(value)
        return context


def link_href(value) -> str:
    if not value:
        return ""
    page = value.get("page")
    if page is not None:
        return page.localized.url or ""
    return value.get("url") or ""


class OptionalLinkBlock(LinkBlock):
    label = blocks.CharBlock(label=_("Button text"), max_length=60, required=False)

    def clean(self, value):
        if not (value.get("label") or value.get("page") or value.get("url")):
            return blocks.StructBlock.clean(self, value)
        return super().clean(value)


class ImageBlock(blocks.StructBlock):
    """An image with its alternative text kept on the page, so it is translated with the page."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=200,
        required=False,
        help_text=_("Describe the image for people who cannot see it; leave empty if it is decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "cms/blocks/image.html"


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    image = ImageChooserBlock(label=_("Image"), required=False)
    image_alt = blocks.CharBlock(label=_("Alternative text"), max_length=200, required=False)
    action = OptionalLinkBlock(label=_("Call to action"), required=False)

    class Meta:
        icon = "pick"
        label = _("Hero")
        template = "cms/blocks/hero.html"


class CourseHighlightsBlock(blocks.StructBlock):
    """Courses picked by hand, or the newest of a category, language or level."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    courses = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="cms.CoursePage"), label=_("Hand-picked courses"), required=False
    )
    category = blocks.PageChooserBlock(page_type="cms.CategoryPage", label=_("Or from a category"), required=False)
    language = blocks.CharBlock(label=_("Or in a language"), max_length=40, required=False)
    level = blocks.ChoiceBlock(choices=Level.choices, label=_("Or at a level"), required=False)
    limit = blocks.IntegerBlock(label=_("How many"), min_value=1, max_value=12, default=3)

    class Meta:
        icon = "list-ul"
        label = _("Course highlights")
        template = "cms/blocks/course_highlights.html"

    def get_context(self, value, parent_context=None):
        from .course_data import highlighted_courses

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context.update(highlighted_courses(value, request=request, parent_context=parent_context))
        return context


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    name = blocks.CharBlock(label=_("Name"), max_length=80)
    role = blocks.CharBlock(label=_("Who they are"), max_length=120, required=False)


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    items = blocks.ListBlock(TestimonialBlock(), label=_("Testimonials"), min_num=1)

    class Meta:
        icon = "openquote"
        label = _("Testimonials")
        template = "cms/blocks/testimonials.html"


class FeatureBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"))


class FeatureGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    features = blocks.ListBlock(FeatureBlock(), label=_("Features"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Feature grid")
        template = "cms/blocks/feature_grid.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    action = LinkBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        label = _("Call-to-action band")
        template = "cms/blocks/cta.html"


class VideoBlock(blocks.StructBlock):
    """An uploaded video (with poster and captions) or an embed from a video site."""

    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"), required=False)
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    captions = DocumentChooserBlock(label=_("Captions (WebVTT file)"), required=False)
    captions_language = blocks.CharBlock(label=_("Captions language code"), max_length=10, required=False)
    embed = EmbedBlock(label=_("Or an embed address (YouTube, Vimeo)"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("video")) == bool(value.get("embed")):
            message = _("Choose a video file or enter an embed address (one of the two).")
            raise StructBlockValidationError(block_errors={"video": ValidationError(message)})
        for name, extensions in (("video", (".mp4", ".webm")), ("captions", (".vtt",))):
            document = value.get(name)
            if document is not None and not document.file.name.lower().endswith(extensions):
                message = _("This file must be one of: %(types)s.") % {"types": ", ".join(extensions)}
                raise StructBlockValidationError(block_errors={name: ValidationError(message)})
        return value


class OptionalVideoBlock(VideoBlock):
    def clean(self, value):
        if not (value.get("video") or value.get("embed") or value.get("poster") or value.get("captions")):
            return blocks.StructBlock.clean(self, value)
        return super().clean(value)


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])
    video = OptionalVideoBlock(label=_("Video answer"), required=False)

    class Meta:
        icon = "help"
        label = _("Question")


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "cms/blocks/faq.html"


class TopicBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Topic"), max_length=120)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Topic")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote", "document-link"]


class BodyBlock(blocks.StreamBlock):
    """What home and landing pages are made of."""

    hero = HeroBlock()
    course_highlights = CourseHighlightsBlock()
    testimonials = TestimonialsBlock()
    feature_grid = FeatureGridBlock()
    call_to_action = CallToActionBlock()
    faq = FAQBlock()
    video = VideoBlock()
    rich_text = blocks.RichTextBlock(
        label=_("Rich text"), features=RICH_TEXT_FEATURES, template="cms/blocks/rich_text.html"
    )
    image = ImageBlock()


class ArticleBlock(blocks.StreamBlock):
    """What standard pages and blog posts are made of."""

    rich_text = blocks.RichTextBlock(
        label=_("Rich text"), features=RICH_TEXT_FEATURES, template="cms/blocks/rich_text.html"
    )
    image = ImageBlock()
    video = VideoBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()


class SyllabusModuleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Module"), max_length=160)
    description = blocks.TextBlock(label=_("What it covers"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Syllabus module")


class OutcomeBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
        label = _("Outcome")
