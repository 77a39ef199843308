from django.urls import path

from faircase.core import views

app_name = "core"
urlpatterns = [
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("choose-language/", views.choose_language, name="language"),
]
