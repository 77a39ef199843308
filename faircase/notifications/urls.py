from django.urls import path

from faircase.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:notification_id>/", views.open_notification, name="open"),
    path("account/notifications/", views.delivery, name="delivery"),
]
