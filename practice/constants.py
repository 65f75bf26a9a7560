from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeEvent(models.TextChoices):
    SCRIPTED = "practice_scripted", _("Oefenverloop")
    CLOCK = "practice_clock", _("Oefenklok verzet")


# The session key that holds the practice mode (the trainee works as their practice account).
SESSION_KEY = "_zvh_practice"
