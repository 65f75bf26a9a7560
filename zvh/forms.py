from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from zvh.models import User
from zvh.services import ACCOUNT_FIELDS, account_change_problem


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets max_length on the field after it was built, so its validator is missing: without this,
        # a 100,000-character username reached authenticate() and django-axes' AccessAttempt (a 500 on
        # PostgreSQL, whose column holds 255). Now it is a form error and nothing is stored.
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length, message=_(
            "Een gebruikersnaam is hoogstens %(limit_value)d tekens lang.")))


class AccountRulesMixin:
    """Admin user forms: the account rules of `zvh.services` as a Dutch form error.

    The admin sets `actor` (the logged-in beheerder) on the form class. Only the account fields that
    are on the form count: a crafted POST with other fields changes nothing.
    """

    actor = None

    def clean(self):
        cleaned = super().clean()
        if self.actor is None:
            return cleaned
        fields = {name: cleaned[name] for name in ACCOUNT_FIELDS if name in cleaned and name in self.fields}
        if self.instance.pk is None:
            if not self.actor.is_superuser:
                fields["region"] = self.actor.region_id
            base = User(function=User._meta.get_field("function").default)
        else:
            base = User.objects.get(pk=self.instance.pk)
        problem = account_change_problem(user=base, actor=self.actor, fields=fields)
        if problem:
            self.add_error(None, problem)
        return cleaned


class AccountChangeForm(AccountRulesMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        # The admin builds the real field list from its fieldsets, per actor (zvh/admin.py).
        fields = ("username", "first_name", "last_name", "email")


class AccountCreationForm(AccountRulesMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)
