from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from faircase.notifications import presenters, selectors, services
from faircase.notifications.forms import DELIVERY_CHOICES, DeliveryForm


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    items = list(selectors.notifications_for(request.user)[:200])
    return render(
        request,
        "notifications/list.jinja",
        {"page_title": _("New work for you"), "items": [presenters.line(n) for n in items]},
    )


@login_required
@require_GET
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the item read and go to it (only ever a path within faircase)."""
    notification = selectors.notification_of(request.user, notification_id)
    services.mark_read(notification)
    if not url_has_allowed_host_and_scheme(notification.path, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(notification.path)


@login_required
@require_http_methods(["GET", "POST"])
def delivery(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DeliveryForm(request.POST or None, initial={"delivery": user.notification_delivery})
    if request.method == "POST" and form.is_valid():
        services.choose_delivery(user=user, delivery=form.cleaned_data["delivery"])
        messages.success(
            request,
            _("Saved: %(delivery)s.")
            % {"delivery": str(dict(DELIVERY_CHOICES)[user.notification_delivery]).lower()},
        )
        return redirect("notifications:list")
    return render(
        request, "notifications/delivery.jinja", {"page_title": _("How you hear of new work"), "form": form}
    )
