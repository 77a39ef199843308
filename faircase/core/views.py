from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from faircase.core import accessibility as statement
from faircase.core import carrying
from faircase.core.formatting import nhs_date
from faircase.ops.logs import NO_REQUEST, request_id

# The accessibility statement and privacy notice are the same for everyone not signed in, so browsers and
# proxies may keep them for a while. Signed in, the header shows the person's name: NoStoreMiddleware then
# keeps the page out of caches whatever this says.
public_page = cache_control(public=True, max_age=60 * 60)

# The default contact of the accessibility statement (settings' FAIRCASE_ACCESSIBILITY_CONTACT), in the language
# in use; an organisation's own contact is shown as it was set.
DEFAULT_ACCESSIBILITY_CONTACT = gettext_lazy(
    "Tell your organisation's faircase administrator (your IT service desk can tell you who that is). "
    "They will pass the problem to the team that runs faircase for your organisation."
)


def _accessibility_contact() -> str:
    contact = str(settings.FAIRCASE_ACCESSIBILITY_CONTACT)
    with translation.override("en"):
        default = str(DEFAULT_ACCESSIBILITY_CONTACT)
    return str(DEFAULT_ACCESSIBILITY_CONTACT) if contact == default else contact


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the app answers and its database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "database": "ok"})
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)


@login_not_required
@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.jinja",
        {
            "page_title": _("Accessibility statement"),
            "contact": _accessibility_contact(),
            "known_issues": statement.KNOWN_ISSUES,
            "prepared": nhs_date(statement.PREPARED),
            "reviewed": nhs_date(statement.LAST_REVIEWED),
            "tested": nhs_date(statement.TESTED),
        },
    )


@login_not_required
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.jinja", {"page_title": _("Privacy")})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.jinja", {"page_title": _("Page not found")}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # What a user may not see does not exist for them.
    return not_found(request, exception)


def form_not_sent(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (its page was open across a sign-in, or cookies are off): what to do,
    in the reader's language. The reason stays in the security log, where Django puts it."""
    return render(
        request,
        "core/403_form.jinja",
        {"page_title": _("Sorry, your form could not be sent"), "back": _same_site_referer(request)},
        status=403,
    )


def _same_site_referer(request: HttpRequest) -> str:
    """The page the form was on, when it was one of ours: a link back to it, never to another site."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def server_error(request: HttpRequest) -> HttpResponse:
    # The request id the logs hold (ADR 28): quoted to an administrator, it finds the error's log lines.
    reference = request_id.get()
    return render(
        request,
        "core/500.jinja",
        {
            "page_title": _("Sorry, there is a problem with the service"),
            "reference": "" if reference == NO_REQUEST else reference,
        },
        status=500,
    )


@login_not_required
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The switch on every page (ADR 41): kept on the account when signed in, on this browser when not. Back to
    the page it was pressed on; a form's unsent answers go with it as a kept draft (layouts/_language.jinja)."""
    from faircase.accounts.services import choose_language as keep_on_account
    from faircase.core.languages import SPOKEN

    language = request.POST.get("language", "")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = HttpResponseRedirect(back)
    if language not in SPOKEN:
        return response
    if request.user.is_authenticated:
        keep_on_account(user=request.user, language=language)
    carrying.keep(request, back=back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
