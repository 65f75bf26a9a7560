"""Issue a 2FA activation link from the command line: for the first superuser, who has nobody to send one."""

from django.core.management.base import BaseCommand, CommandError

from zvh.models import User
from zvh.two_factor import ActivationRefused, activation_issue


class Command(BaseCommand):
    help = "Stuur een gebruiker een activatielink voor tweestapsverificatie (en toon de link)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Geen actieve gebruiker {username!r}.")
        try:
            link = activation_issue(user=user, actor=None)
        except ActivationRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(link)
