from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views
from notifications import health
from zvh import two_factor
from zvh.forms import LoginForm
from zvh.lockout import ThrottledPasswordResetView

admin.site.site_header = "ZVH Procesregie — functioneel beheer"
admin.site.site_title = "ZVH Procesregie"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/vergeten/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("wachtwoord/herstellen/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("wachtwoord/herstellen/klaar/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("wachtwoord/wijzigen/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/wijzigen/klaar/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("tweestapsverificatie/", two_factor.setup, name="two_factor_setup"),
    path("tweestapsverificatie/code/", two_factor.verify, name="two_factor_verify"),
    path("tweestapsverificatie/herstelcodes/", two_factor.backup_codes, name="two_factor_backup_codes"),
    path("tweestapsverificatie/activeren/<str:token>/", two_factor.activate, name="two_factor_activate"),
    path("sessie/verlengen/", two_factor.session_keepalive, name="session_keepalive"),
    path("casussen/", include("cases.urls")),
    path("casussen/", include("planning.urls")),
    path("meldingen/", include("notifications.urls")),
    path("", include("monitoring.urls")),
    path("", include("closeout.urls")),
    path("", include("privacy.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("oefenen/", include("practice.urls")),
    path("beheer/", admin.site.urls),
    path("gezondheid/", health.liveness, name="health_live"),
    path("gezondheid/gereed/", health.readiness, name="health_ready"),
]

# A database outage answers the Dutch 503 page with Retry-After instead of a bare 500 (500.html otherwise).
handler500 = "notifications.health.server_error"
# Dutch error pages in the base layout with the way back (zvh/edge.py).
handler400 = "zvh.edge.bad_request"
handler403 = "zvh.edge.permission_denied"
handler404 = "zvh.edge.page_not_found"
