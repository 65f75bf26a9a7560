from django.urls import path

from closeout import views

app_name = "closeout"

urlpatterns = [
    path("casussen/<uuid:case_uuid>/afschalen/", views.closeout, name="closeout"),
    path("casussen/<uuid:case_uuid>/evaluatie/", views.evaluation, name="evaluation"),
    path("casussen/<uuid:case_uuid>/evaluatie/overslaan/", views.evaluation_skip, name="evaluation_skip"),
    path("casussen/<uuid:case_uuid>/les-delen/", views.lesson_publish, name="lesson_publish"),
    path("lessen/", views.lessons, name="lessons"),
]
