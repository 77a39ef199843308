from django.urls import path

from faircase.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("session/extend/", views.session_extend, name="session_extend"),
]
