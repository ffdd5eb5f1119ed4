from django import template

from newsletter import signup_errors
from newsletter.consent import CONSENT_WORDING
from newsletter.forms import SignupForm

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_signup_form(context, source: str, form=None):
    """The sign-up form for the include: the bound one after an error (passed in, or
    kept for this page by the sign-up view), else a fresh one."""
    if isinstance(form, SignupForm):
        return form
    request = context.get("request")
    kept = signup_errors.take(request) if request is not None else None
    if kept is not None:
        form = SignupForm(kept["data"])
        form.is_valid()
        if kept["limited"]:
            form.add_error(None, signup_errors.TOO_MANY)
        return form
    return SignupForm(initial={"source": source or "unknown"})


@register.simple_tag
def newsletter_consent() -> str:
    return CONSENT_WORDING
