from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("e-mail/niet-afgeleverd/", views.delivery_problems, name="delivery_problems"),
    path("e-mail/opnieuw-versturen/", views.delivery_resend, name="delivery_resend"),
]
