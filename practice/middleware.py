"""Practice mode: a trainee works on the real screens as their practice account.

While the session holds practice mode, every page runs as the trainee's practice account (a
procesregisseur of their practice space, nobody else's region), except the pages of the trainee's
own account and practice (`REAL_USER_PATHS`): log in and out, password, two-factor, beheer, and
/oefenen/ itself. The trainee's second factor counts for the practice account. `request.practice`
is the space (or None); `request.practice_account` the account when it is at work.
"""

from practice.constants import SESSION_KEY
from practice.models import PracticeSpace
from practice.spaces import may_practise

REAL_USER_PATHS = ("/oefenen/", "/inloggen/", "/uitloggen/", "/wachtwoord/", "/tweestapsverificatie/",
                   "/sessie/", "/beheer/", "/static/", "/gezondheid/")


class PracticeModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.practice = None
        request.practice_account = None
        space_id = request.session.get(SESSION_KEY)
        if space_id is not None and request.user.is_authenticated:
            space = PracticeSpace.objects.select_related("account__region", "region").filter(
                pk=space_id, trainee=request.user).first()
            if space is None or not may_practise(request.user):
                request.session.pop(SESSION_KEY, None)
            else:
                request.practice = space
                if not request.path_info.startswith(REAL_USER_PATHS):
                    account = space.account
                    account.is_verified = request.user.is_verified
                    request.real_user = request.user
                    request.practice_account = request.user = account
        return self.get_response(request)
