from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from .models import Announcement, Course, Lesson, Module, Quiz, Review
from .uploads import AUDIO_TYPES, CAPTION_TYPES, check_upload
from .video import playable_video

# The file types each kind of block takes (None: any type on the upload allow-list).
BLOCK_FILE_TYPES = {"audio": AUDIO_TYPES, "video": CAPTION_TYPES, "download": None}


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, f"{n} ★") for n in range(5, 0, -1)], widget=forms.RadioSelect
    )

    class Meta:
        model = Review
        fields = ["rating", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, teachers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.teachers = {str(t.pk): t for t in teachers or []}
        if teachers is not None:
            self.fields["teacher"] = forms.ChoiceField(
                label=_("Teacher"), choices=[(pk, t.name) for pk, t in self.teachers.items()]
            )
            self.order_fields(["teacher", "body"])

    def clean_teacher(self):
        return self.teachers[self.cleaned_data["teacher"]]


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "language",
            "level",
            "custom_level",
            "course_type",
            "estimated_hours",
            "included_live_sessions",
            "completion_sessions",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class CourseEditForm(CourseForm):
    """The course type is chosen at creation: it drives the whole workflow."""

    class Meta(CourseForm.Meta):
        fields = [
            "title",
            "summary",
            "language",
            "level",
            "custom_level",
            "estimated_hours",
            "included_live_sessions",
            "completion_sessions",
        ]


class ModuleForm(forms.ModelForm):
    def __init__(self, *args, self_paced=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not self_paced:  # live courses have no self-paced unlocks
            for name in ("unlock_rule", "available_from", "days_after_enrollment"):
                del self.fields[name]

    class Meta:
        model = Module
        fields = ["title", "summary", "unlock_rule", "available_from", "days_after_enrollment"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "available_from": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["title", "estimated_minutes", "is_required", "must_complete", "quiz_required", "is_preview"]

    def __init__(self, *args, self_paced=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not self_paced:  # live courses have no self-paced unlocks
            del self.fields["must_complete"]
            del self.fields["quiz_required"]


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["title", "instructions", "pass_mark", "attempt_limit", "randomise", "required"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 2})}


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


BLOCK_TYPES = [
    ("text", _("Text")),
    ("video", _("Video")),
    ("audio", _("Audio")),
    ("download", _("Downloadable file")),
    ("vocabulary", _("Vocabulary list")),
]


class ContentBlockForm(forms.Form):
    """One lesson block, in plain fields a teacher can fill without the Wagtail admin."""

    kind = forms.ChoiceField(label=_("Block type"), choices=BLOCK_TYPES)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For text blocks. Leave an empty line between paragraphs."),
    )
    url = forms.URLField(label=_("Video address (YouTube or Vimeo)"), required=False)
    file = forms.FileField(label=_("File (audio, download, or captions for a video)"), required=False)
    captions_language = forms.CharField(label=_("Captions language code"), required=False, max_length=10)
    vocabulary = forms.CharField(
        label=_("Vocabulary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One entry per line: word = meaning = example (the example is optional)."),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "text" and not data.get("text", "").strip():
            self.add_error("text", _("Write the text of this block."))
        if kind == "video" and not data.get("url"):
            self.add_error("url", _("Give the video's address."))
        elif kind == "video" and playable_video(data["url"]) is None:
            self.add_error("url", _("Only YouTube and Vimeo videos can be played here."))
        if kind in ("audio", "download") and not data.get("file"):
            self.add_error("file", _("Choose a file to upload."))
        if kind in BLOCK_FILE_TYPES and data.get("file"):
            try:
                check_upload(data["file"], allowed=BLOCK_FILE_TYPES[kind])
            except forms.ValidationError as error:
                self.add_error("file", error)
        if kind == "vocabulary":
            entries = []
            for number, line in enumerate(data.get("vocabulary", "").splitlines(), start=1):
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split("=")]
                if len(parts) < 2 or not parts[0] or not parts[1]:
                    self.add_error(
                        "vocabulary", _("Line %(n)s needs a word and its meaning, separated by “=”.") % {"n": number}
                    )
                    break
                entries.append({"term": parts[0], "meaning": parts[1], "example": " = ".join(parts[2:])})
            if not entries and not self.errors.get("vocabulary"):
                self.add_error("vocabulary", _("Add at least one entry."))
            data["entries"] = entries
        return data


QUESTION_TYPES = [
    ("single_choice", _("Single choice")),
    ("multiple_choice", _("Multiple choice")),
    ("true_false", _("True or false")),
    ("fill_blank", _("Fill in the blank")),
    ("matching", _("Matching")),
    ("ordering", _("Ordering")),
]


class QuestionForm(forms.Form):
    """One question; the lines of `options` mean different things per type (explained in the help text)."""

    kind = forms.ChoiceField(label=_("Question type"), choices=QUESTION_TYPES)
    prompt = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    options = forms.CharField(
        label=_("Answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Single or multiple choice: one answer per line, start correct answers with *, add feedback after |. "
            "Fill in the blank: one accepted answer per line. Matching: one pair per line, item = match. "
            "Ordering: the items in the right order, one per line."
        ),
    )
    statement_is_true = forms.BooleanField(label=_("True or false: the statement is true"), required=False)
    ignore_case = forms.BooleanField(
        label=_("Fill in the blank: ignore upper and lower case"), required=False, initial=True
    )
    ignore_diacritics = forms.BooleanField(
        label=_("Fill in the blank: ignore accents and vowel marks"), required=False, initial=True
    )
    feedback_correct = forms.CharField(label=_("Feedback when right"), required=False, max_length=300)
    feedback_incorrect = forms.CharField(label=_("Feedback when wrong"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = [line.strip() for line in data.get("options", "").splitlines() if line.strip()]
        value = {
            "prompt": data.get("prompt", ""),
            "feedback_correct": data.get("feedback_correct", ""),
            "feedback_incorrect": data.get("feedback_incorrect", ""),
        }
        if kind in ("single_choice", "multiple_choice"):
            choices = []
            for line in lines:
                text, _sep, feedback = line.partition("|")
                correct = text.strip().startswith("*")
                choices.append(
                    {"text": text.strip().lstrip("*").strip(), "correct": correct, "feedback": feedback.strip()}
                )
            right = sum(1 for c in choices if c["correct"])
            if len(choices) < 2:
                self.add_error("options", _("Give at least two answers."))
            elif right == 0:
                self.add_error("options", _("Mark the correct answer with * at the start of its line."))
            elif kind == "single_choice" and right > 1:
                self.add_error("options", _("A single-choice question has exactly one correct answer."))
            value["choices"] = choices
        elif kind == "true_false":
            value["answer"] = bool(data.get("statement_is_true"))
        elif kind == "fill_blank":
            if not lines:
                self.add_error("options", _("Give at least one accepted answer."))
            value.update(
                accepted=lines,
                ignore_case=bool(data.get("ignore_case")),
                ignore_diacritics=bool(data.get("ignore_diacritics")),
            )
        elif kind == "matching":
            pairs = []
            for line in lines:
                left, sep, right = line.partition("=")
                if not sep or not left.strip() or not right.strip():
                    self.add_error("options", _("Write each pair as: item = match."))
                    break
                pairs.append({"left": left.strip(), "right": right.strip()})
            if len(pairs) < 2 and not self.errors.get("options"):
                self.add_error("options", _("Give at least two pairs."))
            value["pairs"] = pairs
        elif kind == "ordering":
            if len(lines) < 2:
                self.add_error("options", _("Give at least two items."))
            value["items"] = lines
        data["value"] = value
        return data

    @classmethod
    def initial_from(cls, block: dict) -> dict:
        from .grading import items

        value, kind = block["value"], block["type"]
        options = ""
        if kind in ("single_choice", "multiple_choice"):
            options = "\n".join(
                ("*" if c.get("correct") else "") + c["text"] + (f" | {c['feedback']}" if c.get("feedback") else "")
                for c in items(value.get("choices"))
            )
        elif kind == "fill_blank":
            options = "\n".join(items(value.get("accepted")))
        elif kind == "matching":
            options = "\n".join(f"{p['left']} = {p['right']}" for p in items(value.get("pairs")))
        elif kind == "ordering":
            options = "\n".join(items(value.get("items")))
        return {
            "kind": kind,
            "prompt": value.get("prompt", ""),
            "options": options,
            "statement_is_true": bool(value.get("answer")),
            "ignore_case": value.get("ignore_case", True),
            "ignore_diacritics": value.get("ignore_diacritics", True),
            "feedback_correct": value.get("feedback_correct", ""),
            "feedback_incorrect": value.get("feedback_incorrect", ""),
        }


class DocumentForm(BaseDocumentForm):
    """The Wagtail document form, with the per-type size limits (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            check_upload(file)
        return file
