"""StreamField blocks: what a lesson is made of, and the question types a quiz may ask."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    url = blocks.URLBlock(label=_("video address"))
    captions = DocumentChooserBlock(label=_("captions file (WebVTT)"), required=False)
    captions_language = blocks.CharBlock(label=_("captions language code"), required=False, max_length=10)

    class Meta:
        icon = "media"
        template = "learning/blocks/video.html"


class AudioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    file = DocumentChooserBlock(label=_("audio file"))
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        icon = "media"
        template = "learning/blocks/audio.html"


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
