from faircase.equality.urls_data import urlpatterns as data_patterns
from faircase.equality.urls_report import urlpatterns as report_patterns

app_name = "equality"

urlpatterns = [*report_patterns, *data_patterns]
