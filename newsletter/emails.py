"""The emails the newsletter sends: the confirmation request and an issue.

Every link is absolute (settings.SITE_URL) so it works from a mail client; an
issue carries a personal unsubscribe link and the RFC 8058 one-click headers.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from hwypt.mail import AutomaticEmail, site_domain
from newsletter import tokens
from newsletter.models import Issue, Subscriber
from newsletter.plain_text import html_to_text

# href="/..." and src="/..." in our own sanitised HTML; never "//host".
_RELATIVE_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolute_url(path: str) -> str:
    """A site path as a full URL; full URLs are returned unchanged."""
    if path.startswith("/") and not path.startswith("//"):
        return settings.SITE_URL + path
    return path


def absolutise_html(html: str) -> str:
    return _RELATIVE_ATTRIBUTE.sub(rf"\1{settings.SITE_URL}/", html)


def confirm_url(subscriber: Subscriber) -> str:
    token = tokens.confirm_token(
        subscriber_id=subscriber.pk, signed_up_stamp=int(subscriber.signed_up_at.timestamp())
    )
    return absolute_url(reverse("newsletter:confirm", args=[token]))


def unsubscribe_url(subscriber_id: int) -> str:
    token = tokens.unsubscribe_token(subscriber_id=subscriber_id)
    return absolute_url(reverse("newsletter:unsubscribe", args=[token]))


def _message(*, subject: str, to: str, template: str, context: dict, headers=None):
    context = {"clinic": settings.CLINIC, "site_url": settings.SITE_URL, **context}
    message = AutomaticEmail(
        subject=subject,
        body=render_to_string(f"newsletter/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    html = render_to_string(f"newsletter/email/{template}.html", context)
    message.attach_alternative(html, "text/html")
    return message


def confirmation_email(subscriber: Subscriber) -> AutomaticEmail:
    """The only email sent before an address is confirmed."""
    return _message(
        subject=f"Please confirm: {settings.CLINIC['name']} newsletter",
        to=subscriber.email,
        template="confirm",
        context={
            "subscriber": subscriber,
            "confirm_url": confirm_url(subscriber),
            "max_age_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400,
        },
    )


def issue_context(issue: Issue, *, unsubscribe: str) -> dict:
    featured = [
        {
            "title": article.title,
            "url": absolute_url(article.get_absolute_url()),
            "summary": article.summary,
        }
        for article in issue.featured()
    ]
    body_html = absolutise_html(issue.body_html)
    return {
        "issue": issue,
        "body_html": body_html,
        "body_text": html_to_text(body_html),
        "featured": featured,
        "archive_url": absolute_url(issue.get_absolute_url()),
        "unsubscribe_url": unsubscribe,
    }


def issue_email(issue: Issue, *, to: str, subscriber_id: int | None) -> AutomaticEmail:
    """An issue for one reader; `subscriber_id` None is a staff test copy."""
    if subscriber_id is None:
        # A test copy: the link shows what readers get, but unsubscribes nobody.
        unsubscribe = absolute_url(reverse("newsletter:index"))
        subject = f"[Test] {issue.subject}"
        headers = {}
    else:
        unsubscribe = unsubscribe_url(subscriber_id)
        subject = issue.subject
        mailto = settings.NEWSLETTER_UNSUBSCRIBE_EMAIL
        token = tokens.unsubscribe_token(subscriber_id=subscriber_id)
        mailto_subject = quote(f"unsubscribe {token}")
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>, <mailto:{mailto}?subject={mailto_subject}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"HWY Senior Community <newsletter.{site_domain()}>",
        }
    return _message(
        subject=subject,
        to=to,
        template="issue",
        context=issue_context(issue, unsubscribe=unsubscribe),
        headers=headers,
    )
