from django.forms import ClearableFileInput


class PhotoInput(ClearableFileInput):
    """A file input that shows the current photo, so an admin sees whom they are editing."""

    template_name = "accounts/widgets/photo_input.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": "image/jpeg,image/png,image/webp", **(attrs or {})})
