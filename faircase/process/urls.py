from faircase.process.urls_deadlines import urlpatterns as deadline_urls
from faircase.process.urls_packs import urlpatterns as packs_urls
from faircase.process.urls_restrictions import urlpatterns as restriction_urls

app_name = "process"
urlpatterns = [*packs_urls, *restriction_urls, *deadline_urls]
