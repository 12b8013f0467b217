import math

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtailseo.models import SeoType, TwitterCard

from cms import structured_data
from cms.blocks import ArticleBlock

from .pages import SitePage

POSTS_PER_PAGE = 10
WORDS_PER_MINUTE = 200


class BlogCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="blog_category_slug_per_locale")]

    def __str__(self):
        return self.name


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey("cms.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogIndexPage(RoutablePageMixin, SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.BlogPostPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("blog")

    def posts(self):
        return (
            BlogPostPage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions", "categories")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = SimpleLazyObject(lambda: self.listing(request))
        return context

    def listing(self, request) -> dict:
        """One page of posts, filtered by category or tag."""
        posts = self.posts()
        category = request.GET.get("category", "")[:80]
        tag = request.GET.get("tag", "")[:100]
        if category:
            posts = posts.filter(categories__slug=category)
        if tag:
            posts = posts.filter(tags__slug=tag)
        paginator = Paginator(posts, POSTS_PER_PAGE)
        return {
            "posts": paginator.get_page(request.GET.get("page")),
            "categories": list(BlogCategory.objects.filter(locale=self.locale)),
            "active_category": category,
            "active_tag": tag,
        }

    @path("feed/", name="feed")
    def feed(self, request):
        from cms.feeds import blog_feed

        return blog_feed(self, request)


class BlogPostPage(SitePage):
    author_name = models.CharField(_("author"), max_length=120)
    date = models.DateField(_("date"), default=timezone.localdate)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cover_alt = models.CharField(_("cover image alternative text"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), max_length=300)
    body = StreamField(ArticleBlock(), verbose_name=_("body"))
    categories = ParentalManyToManyField(BlogCategory, blank=True, verbose_name=_("categories"))
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["cms.BlogIndexPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("author_name"), FieldPanel("date")], _("Byline")),
        FieldPanel("cover_image"),
        FieldPanel("cover_alt"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("categories"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    seo_content_type = SeoType.ARTICLE
    seo_twitter_card = TwitterCard.LARGE
    seo_image_sources = ["og_image", "generated_share_image", "cover_image"]

    class Meta:
        verbose_name = _("blog post")

    @classmethod
    def serving_queryset(cls):
        return super().serving_queryset().select_related("share_card__image")

    @property
    def seo_author(self) -> str:
        return self.author_name

    @property
    def reading_minutes(self) -> int:
        words = len(strip_tags(" ".join(str(block.render()) for block in self.body)).split())
        return max(1, math.ceil((words + len(self.intro.split())) / WORDS_PER_MINUTE))

    def related_posts(self, limit: int = 3):
        """Newest sibling posts sharing a category or a tag; the newest posts when none do."""
        siblings = BlogPostPage.objects.sibling_of(self, inclusive=False).live().public()
        category_ids = [category.pk for category in self.categories.all()]
        tag_ids = [tag.pk for tag in self.tags.all()]
        related = siblings.filter(models.Q(categories__in=category_ids) | models.Q(tags__in=tag_ids)).distinct()
        posts = list(related.order_by("-date")[:limit])
        if len(posts) < limit:
            posts += list(siblings.exclude(pk__in=[post.pk for post in posts]).order_by("-date")[: limit - len(posts)])
        return posts

    def structured_data(self, request, context) -> list[dict]:
        return [*super().structured_data(request, context), structured_data.blog_posting(self, request)]
