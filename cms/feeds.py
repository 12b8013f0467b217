"""The blog's Atom feed."""

from datetime import datetime, time

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from core.site_url import absolute_url

FEED_LENGTH = 20


def blog_feed(blog, request) -> HttpResponse:
    feed = Atom1Feed(
        title=blog.title,
        link=absolute_url(blog.url),
        description=blog.intro,
        language=blog.locale.language_code,
        feed_url=absolute_url(request.path),
    )
    for post in blog.posts()[:FEED_LENGTH]:
        link = absolute_url(post.url)
        feed.add_item(
            title=post.title,
            link=link,
            description=post.intro,
            author_name=post.author_name,
            pubdate=timezone.make_aware(datetime.combine(post.date, time(9)), timezone.get_fixed_timezone(0)),
            updateddate=post.last_published_at,
            unique_id=link,
            categories=[category.name for category in post.categories.all()],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
