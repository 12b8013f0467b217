"""Page types, snippets and site settings of the public site."""

from .blog import BlogCategory, BlogIndexPage, BlogPostPage, BlogPostTag
from .courses import CategoryPage, CoursePage
from .navigation import Menu, MenuItem, SiteSettings
from .pages import ContactFormField, ContactPage, FAQIndexPage, HomePage, LandingPage, SitePage, StandardPage
from .share_cards import ShareCard

__all__ = [
    "BlogCategory",
    "BlogIndexPage",
    "BlogPostPage",
    "BlogPostTag",
    "CategoryPage",
    "ContactFormField",
    "ContactPage",
    "CoursePage",
    "FAQIndexPage",
    "HomePage",
    "LandingPage",
    "Menu",
    "MenuItem",
    "ShareCard",
    "SitePage",
    "SiteSettings",
    "StandardPage",
]
