"""The project's URLs plus one view that nobody put in the permission matrix (for the coverage test)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def unchecked_view(request):
    return HttpResponse("unchecked")


urlpatterns = [*project_urlpatterns, path("niet-gecontroleerd/", unchecked_view, name="unchecked_view")]
