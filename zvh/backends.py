"""The password backend, loading the logged-in user with their region and organisation.

Every page shows the user's region and the access log writes their organisation: with Django's
ModelBackend each is one more query per request (issue 16).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithRegionBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("region", "organisation").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
