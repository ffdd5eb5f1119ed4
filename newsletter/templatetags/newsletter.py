from django import template

from newsletter.consent import CONSENT_WORDING
from newsletter.forms import SignupForm

register = template.Library()


@register.simple_tag
def newsletter_signup_form(source: str, form=None):
    """The sign-up form for the include: the bound one after an error, else a fresh one."""
    if isinstance(form, SignupForm):
        return form
    return SignupForm(initial={"source": source or "unknown"})


@register.simple_tag
def newsletter_consent() -> str:
    return CONSENT_WORDING
