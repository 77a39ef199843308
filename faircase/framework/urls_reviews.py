from django.urls import path

from faircase.framework import views_reviews as views

app_name = "reviews"
urlpatterns = [
    path("reviews/new/", views.new_review, name="new"),
    path("reviews/start/", views.new_review, name="start"),
    path("reviews/<int:review_id>/", views.review_detail, name="detail"),
    path("reviews/<int:review_id>/complete/", views.complete, name="complete"),
    path("reviews/<int:review_id>/correct/", views.correct, name="correct"),
    path("reviews/<int:review_id>/<str:principle>/", views.answer_principle, name="principle"),
    path("follow-ups/<int:follow_up_id>/", views.follow_up_detail, name="follow_up"),
    path("follow-ups/<int:follow_up_id>/close/", views.close_follow_up, name="close_follow_up"),
    path("follow-ups/<int:follow_up_id>/carry/", views.carry_follow_up, name="carry_follow_up"),
    path("follow-ups/<int:follow_up_id>/owner/", views.reassign_follow_up, name="reassign_follow_up"),
]
