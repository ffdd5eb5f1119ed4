import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list

from content.credentials import credentials_explained
from content.structured_data import home_graph

register = template.Library()

# The escapes json_script uses, so no "</script>" or "<!--" can end the block early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data) -> str:
    """A JSON-LD block.

    A data block is never executed, so the CSP's script-src does not apply and it
    needs no nonce; leaving the nonce out keeps the page the same for every visitor,
    which lets whole article pages be shared from the cache.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308 (escaped above like json_script)
    )


@register.simple_tag(takes_context=True)
def home_ld_json(context) -> str:
    """The home page's JSON-LD: the site, the clinic and its locations (`clinic_places`,
    plain values the project's context processor gives every page)."""
    return ld_json(home_graph(context["clinic"], context["site_url"], context["clinic_places"]))


@register.filter
def towns(places, fallback: str) -> str:
    """The towns of the clinic's locations in their order, "Springfield and Ontario"; the
    fallback (the clinic's own town) when it has no location yet."""
    names = list(dict.fromkeys(place["locality"] for place in places)) or [fallback]
    return get_text_list(names, "and")


@register.inclusion_tag("content/includes/picture.html")
def picture(image, sizes="(min-width: 992px) 42rem, 100vw", eager=False):
    """A <picture> with WebP and JPEG renditions, srcset, sizes, width and height."""
    return {"image": image, "sizes": sizes, "eager": eager}


@register.inclusion_tag("content/includes/credentials.html")
def credentials(holder):
    """A person's or therapist's letters, each one explained in words on the page."""
    return {"letters": credentials_explained(holder.credentials)}


@register.inclusion_tag("content/includes/credentials_key.html")
def credentials_key(*holders):
    """A "What the letters mean" list for every abbreviation the holders use, once each.

    Each argument is a person or therapist, or a list of them.
    """
    seen: dict[str, str] = {}
    flat = [h for group in holders for h in (group if hasattr(group, "__iter__") else [group])]
    for holder in flat:
        for abbr, meaning in credentials_explained(holder.credentials):
            if meaning:
                seen.setdefault(abbr, meaning)
    return {"letters": list(seen.items())}
