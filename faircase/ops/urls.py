from django.urls import path

from faircase.ops import views
from faircase.ops.probes import LIVENESS_PATH, READINESS_PATH

app_name = "ops"
urlpatterns = [
    path(LIVENESS_PATH, views.healthz, name="healthz"),
    path(READINESS_PATH, views.readyz, name="readyz"),
]
