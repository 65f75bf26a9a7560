from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The login form; its error never tells whether the username exists."""

    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters."
        ),
        "inactive": _(
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters."
        ),
    }
