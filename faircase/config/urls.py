from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from faircase.accounts import views as accounts_views

urlpatterns = [
    path("", include("faircase.core.urls")),
    path("accounts/", include("faircase.accounts.urls")),
    path("", include("faircase.accounts.people.urls")),
    # Single sign-on (OpenID Connect): its pages answer 404 unless an issuer is configured.
    path("", include("faircase.accounts.single_sign_on.urls")),
    path("", include("faircase.cases.urls")),
    path("framework/", include("faircase.framework.urls")),
    path("cases/<uuid:case_id>/", include("faircase.framework.urls_reviews")),
    path("", include("faircase.records.urls")),
    path("", include("faircase.process.urls")),
    path("", include("faircase.practitioners.urls")),
    path("equality/", include("faircase.equality.urls")),
    path("evaluation/", include("faircase.evaluation.urls")),
    path("", include("faircase.consistency.urls")),
    path("", include("faircase.second_look.urls")),
    path("", include("faircase.documents.urls")),
    path("", include("faircase.notifications.urls")),
    path("", include("faircase.proceedings.urls")),
    path("", include("faircase.oversight.urls")),
    path("", include("faircase.casefile.urls")),
    path("", include("faircase.training.urls")),
    # Retention schedule, legal holds and reviewed deletion (issue 14, ADR 31).
    path("", include("faircase.retention.urls")),
    # subject access and tribunal bundles (issue 14, ADR 32)
    path("", include("faircase.bundles.urls")),
    path("api/v1/", include("faircase.api.urls")),
    # /healthz and /readyz for load balancers (ADR 27).
    path("", include("faircase.ops.urls")),
]

# The Django admin has no second factor yet, so it exists only where settings switch it on (off in production
# unless FAIRCASE_ADMIN_ENABLED says otherwise; ADR 10). Its sign-in and sign-out are the product's own, so the
# same throttle and audit apply to platform staff.
if settings.FAIRCASE_ADMIN_ENABLED:
    urlpatterns += [
        path("admin/login/", accounts_views.admin_sign_in),
        path("admin/logout/", accounts_views.sign_out),
        path("admin/", admin.site.urls),
    ]

handler404 = "faircase.core.views.not_found"
handler403 = "faircase.core.views.forbidden"
handler500 = "faircase.core.views.server_error"
