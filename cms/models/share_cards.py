from django.db import models
from django.utils.translation import gettext_lazy as _


class ShareCard(models.Model):
    """The 1200 by 630 picture a course page or blog post shows where it is shared, drawn from its title and level.

    Kept as a Wagtail image, so Open Graph tags, renditions and storage treat it like any editor's image;
    `fingerprint` is a hash of what was drawn, so publishing unchanged content does not draw it again."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="share_card")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("share card")

    def __str__(self):
        return f"{self.page_id}: {self.image.title}"
