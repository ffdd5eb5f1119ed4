"""The newsletter's public pages: sign-up, confirmation, unsubscribe and the archive."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView
from django_ratelimit.decorators import ratelimit

from hwypt.http import allow
from hwypt.ratelimit import client_ip
from newsletter import services, signup_errors, tokens
from newsletter.forms import SignupForm
from newsletter.models import Issue, Subscriber
from newsletter.services.subscribers import subscriber_for_confirm_token


def signup_rate(group, request) -> str:
    return settings.NEWSLETTER_SIGNUP_RATE


def index(request, form=None, status=200):
    """What the newsletter is, the sign-up form and the archive of sent issues."""
    return render(
        request,
        "newsletter/index.html",
        {"newsletter_form": form, "issues": Issue.objects.sent()},
        status=status,
    )


# No CSRF token: the sign-up form sits on pages shared from the cache, and it
# acts on no session or account. A forged sign-up can only send one
# confirmation email (at most hourly, rate-limited), which does nothing unless
# the address's owner confirms it.
@csrf_exempt
@allow("GET", "POST")
@ratelimit(key="ip", rate=signup_rate, method="POST", block=False)
def sign_up(request):
    if request.method == "GET":
        return redirect("newsletter:index")
    form = SignupForm(request.POST)
    limited = getattr(request, "limited", False)
    if limited or not form.is_valid():
        # Back to the page the form was on (the home page, an article), which shows
        # the message and what was typed; else this app's own page.
        path = signup_errors.safe_path(request.POST.get("next", ""))
        if path is not None:
            signup_errors.keep(request, path=path, limited=limited)
            # No #fragment: it would stop the error summary's autofocus, which brings
            # the form into view and tells a screen reader what went wrong.
            response = redirect(path)
            signup_errors.mark(response, path=path)
            return response
        if limited:
            form.is_valid()
            form.add_error(None, signup_errors.TOO_MANY)
            return index(request, form=form, status=429)
        return index(request, form=form)
    if not form.is_bot():
        services.subscriber_sign_up(
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            source=form.cleaned_data["source"],
            ip=client_ip(request),
        )
    # The same answer whether the address is new, waiting or already subscribed.
    return redirect("newsletter:check-email")


@allow("GET")
def check_email(request):
    return render(request, "newsletter/check_email.html")


@allow("GET", "POST")
def confirm(request, token: str):
    """GET shows a button (mail scanners follow links); POST confirms."""
    if request.method == "POST":
        outcome = services.subscriber_confirm(token=token)
    else:
        outcome, _ = subscriber_for_confirm_token(token)
        if outcome is services.ConfirmOutcome.CONFIRMED:
            return render(request, "newsletter/confirm.html")
    status = 200 if outcome in _CONFIRM_OK else 400
    context = {"outcome": outcome.value}
    return render(request, "newsletter/confirm_done.html", context, status=status)


_CONFIRM_OK = {services.ConfirmOutcome.CONFIRMED, services.ConfirmOutcome.ALREADY_CONFIRMED}


@csrf_exempt  # The signed token authenticates the request (RFC 8058 one-click: no cookies).
@allow("GET", "POST")
def unsubscribe(request, token: str):
    """GET shows a button and changes nothing; POST unsubscribes at once."""
    try:
        subscriber_id = tokens.read_unsubscribe_token(token)
    except tokens.InvalidToken:
        return render(request, "newsletter/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber_id=subscriber_id)
        return render(request, "newsletter/unsubscribe_done.html")
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    on_list = subscriber is not None and subscriber.status != Subscriber.Status.UNSUBSCRIBED
    return render(request, "newsletter/unsubscribe.html", {"on_list": on_list})


class IssueDetailView(DetailView):
    template_name = "newsletter/issue_detail.html"
    context_object_name = "issue"

    def get_queryset(self):
        return Issue.objects.sent().with_featured()
