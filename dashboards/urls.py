from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.region_dashboard, name="region"),
    path("export.csv", views.region_export, name="region_export"),
    path("landelijk/", views.national_dashboard, name="national"),
    path("landelijk/export.csv", views.national_export, name="national_export"),
]
