from faircase.practitioners.urls_comms import urlpatterns as comms_urls
from faircase.practitioners.urls_portal import urlpatterns as portal_urls
from faircase.practitioners.urls_surveys import urlpatterns as survey_urls
from faircase.practitioners.urls_voice import urlpatterns as voice_urls

app_name = "practitioners"
urlpatterns = [*portal_urls, *voice_urls, *comms_urls, *survey_urls]
