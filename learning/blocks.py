"""StreamField blocks: what a lesson is made of, and the question types a quiz may ask."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from .uploads import AUDIO_TYPES, CAPTION_TYPES, VIDEO_TYPES, extension_of
from .video import playable_video, player_html


def _check_file_type(value, name: str, extensions: tuple[str, ...]) -> None:
    document = value.get(name)
    if document is not None and extension_of(document.file.name) not in extensions:
        message = _("This file must be one of: %(types)s.") % {"types": ", ".join(f".{e}" for e in extensions)}
        raise StructBlockValidationError(block_errors={name: ValidationError(message)})


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video (played in the provider's player) or an uploaded video file."""

    title = blocks.CharBlock(label=_("title"), required=False)
    url = blocks.URLBlock(label=_("YouTube or Vimeo address"), required=False)
    file = DocumentChooserBlock(label=_("or an uploaded video (MP4 or WebM)"), required=False)
    captions = DocumentChooserBlock(label=_("captions file (WebVTT)"), required=False)
    captions_language = blocks.CharBlock(label=_("captions language code"), required=False, max_length=10)

    class Meta:
        icon = "media"
        template = "learning/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("url")) == bool(value.get("file")):
            message = _("Give a YouTube or Vimeo address, or choose an uploaded video (one of the two).")
            raise StructBlockValidationError(block_errors={"url": ValidationError(message)})
        if value.get("url") and playable_video(value["url"]) is None:
            message = _("Only YouTube and Vimeo videos can be played here; upload other videos as MP4 or WebM.")
            raise StructBlockValidationError(block_errors={"url": ValidationError(message)})
        _check_file_type(value, "file", VIDEO_TYPES)
        _check_file_type(value, "captions", CAPTION_TYPES)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        player = playable_video(value.get("url") or "")
        context["player"] = player
        context["player_html"] = player and player_html(player, title=value.get("title") or "")
        return context


class AudioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    file = DocumentChooserBlock(label=_("audio file"))
    transcript = blocks.TextBlock(label=_("transcript"), required=False)  # browsers show no captions for audio

    class Meta:
        icon = "media"
        template = "learning/blocks/audio.html"

    def clean(self, value):
        value = super().clean(value)
        _check_file_type(value, "file", AUDIO_TYPES)
        return value


class DownloadBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    document = DocumentChooserBlock(label=_("file"))

    class Meta:
        icon = "doc-full"
        template = "learning/blocks/download.html"


class VocabularyEntryBlock(blocks.StructBlock):
    term = blocks.CharBlock(label=_("word or phrase"))
    meaning = blocks.CharBlock(label=_("meaning"))
    example = blocks.CharBlock(label=_("example"), required=False)


class VocabularyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    entries = blocks.ListBlock(VocabularyEntryBlock(), label=_("entries"))

    class Meta:
        icon = "list-ul"
        template = "learning/blocks/vocabulary.html"


class LessonContentBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("text"), features=["h3", "bold", "italic", "ol", "ul", "link"])
    video = VideoBlock(label=_("video"))
    audio = AudioBlock(label=_("audio"))
    download = DownloadBlock(label=_("downloadable file"))
    vocabulary = VocabularyBlock(label=_("vocabulary list"))


class _QuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("question"))
    feedback_correct = blocks.CharBlock(label=_("feedback when right"), required=False)
    feedback_incorrect = blocks.CharBlock(label=_("feedback when wrong"), required=False)


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"))
    correct = blocks.BooleanBlock(label=_("correct"), required=False)
    feedback = blocks.CharBlock(label=_("feedback for this answer"), required=False)


class ChoiceQuestionBlock(_QuestionBlock):
    choices = blocks.ListBlock(ChoiceBlock(), label=_("answers"))


class TrueFalseQuestionBlock(_QuestionBlock):
    answer = blocks.BooleanBlock(label=_("the statement is true"), required=False)


class FillBlankQuestionBlock(_QuestionBlock):
    accepted = blocks.ListBlock(blocks.CharBlock(), label=_("accepted answers"))
    ignore_case = blocks.BooleanBlock(label=_("ignore upper and lower case"), required=False, default=True)
    ignore_diacritics = blocks.BooleanBlock(label=_("ignore accents and vowel marks"), required=False, default=True)


class PairBlock(blocks.StructBlock):
    left = blocks.CharBlock(label=_("item"))
    right = blocks.CharBlock(label=_("its match"))


class MatchingQuestionBlock(_QuestionBlock):
    pairs = blocks.ListBlock(PairBlock(), label=_("pairs"))


class OrderingQuestionBlock(_QuestionBlock):
    items = blocks.ListBlock(blocks.CharBlock(), label=_("items in the right order"))


class QuestionBlock(blocks.StreamBlock):
    single_choice = ChoiceQuestionBlock(label=_("single choice"))
    multiple_choice = ChoiceQuestionBlock(label=_("multiple choice"))
    true_false = TrueFalseQuestionBlock(label=_("true or false"))
    fill_blank = FillBlankQuestionBlock(label=_("fill in the blank"))
    matching = MatchingQuestionBlock(label=_("matching"))
    ordering = OrderingQuestionBlock(label=_("ordering"))
