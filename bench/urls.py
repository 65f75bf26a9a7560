"""The application's URLs and the benchmark's baseline: a logged-in page with the base template only."""

from django.shortcuts import render
from django.urls import include, path


def bare(request):
    """What every page costs at least: session, user, middleware, navigation and the base template."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/leeg/", bare, name="bench_bare"),
    path("", include("config.urls")),
]
