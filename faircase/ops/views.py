"""/healthz and /readyz: JSON for load balancers and monitoring. No sign-in, no audit, no case data; never
cached; answered over plain HTTP too (settings.SECURE_REDIRECT_EXEMPT) so a load balancer can probe directly."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from faircase.ops.health import readiness


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering (it touches nothing else, so a slow database cannot restart it)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers and the task queue's table can be read: 200, or 503 naming what failed."""
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
