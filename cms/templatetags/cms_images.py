from django import template

from .. import images

register = template.Library()


@register.simple_tag
def responsive_image(image, preset: str = "inline", alt: str = "", eager: bool = False, css_class: str = ""):
    """`{% responsive_image page.cover preset="cover" alt="" eager=True css_class="x" %}`: see cms.images."""
    return images.picture(image, preset=preset, alt=alt, eager=bool(eager), css_class=css_class)
