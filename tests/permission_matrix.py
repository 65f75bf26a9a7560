"""The permission matrix: every view × every role → the expected status.

A "world" holds one case per stage of interest in region A, with a user for each role. Each
entry in MATRIX names a URL pattern, how to call it (method, which case) and the status each role
gets. tests/test_permission_matrix.py runs every cell; a URL pattern that is not in MATRIX (or
in NOT_CASE_VIEWS with its reason) fails the coverage test, so a new view cannot ship unchecked.
"""

from dataclasses import dataclass, field

ROLES = [
    "procesregisseur",  # procesregisseur of the case
    "colleague",  # another procesregisseur of the same region
    "other_region",  # a procesregisseur of another region
    "casusregisseur",  # appointed casusregisseur of the case (a partner professional)
    "partner",  # partner professional whose organisation is involved in the case
    "referrer",  # the partner professional who registered the case
    "manager",
    "beheerder",
    "anonymous",
]

OK, NOT_FOUND, LOGIN, NOT_ALLOWED, REDIRECT, STALE = 200, 404, 302, 405, 302, 409

# Lifecycle roles: former holders of a relation, stand-ins and national roles. Each answers like its base
# role, except that a role without case access gets 404 on every case URL (`keeps_case_access` False).
# stand_in: current waarnemer of the procesregisseur; stand_in_after: their period ended; demoted: a
# current waarnemer whose function changed to manager; former_procesregisseur: held the caseload and
# handed it back; former_casusregisseur: replaced; ended_partner / withdrawn_partner: invited, but their
# organisation's involvement ended or its consent was withdrawn.
ALIASES: dict[str, tuple[str, bool]] = {
    "stand_in": ("procesregisseur", True),
    "stand_in_after": ("colleague", True),
    "demoted": ("manager", True),
    "former_procesregisseur": ("colleague", True),
    "former_casusregisseur": ("partner", False),
    "ended_partner": ("partner", False),
    "withdrawn_partner": ("partner", False),
    # National roles hold no region: only what every user gets, plus what `extra` names.
    "coordinator": ("", False),
    "superuser": ("", False),
    # Vakontwikkeling: a national trainer (leads the world's development group; no case access).
    "trainer": ("", False),
}
ALL_ROLES = [*ROLES, *ALIASES]


@dataclass(frozen=True)
class Entry:
    url_name: str
    expected: dict[str, int]
    method: str = "get"
    case: str | None = "intake"  # which case of the world the URL is about (None: no case)
    data: dict = field(default_factory=dict)
    objects: dict[str, str] = field(default_factory=dict)  # URL kwarg → name of a world object (its pk)
    extra: dict[str, int] = field(default_factory=dict)  # explicit statuses for lifecycle roles

    def status(self, role: str) -> int:
        if role in self.extra:
            return self.extra[role]
        if role in self.expected:
            return self.expected[role]
        base, keeps_case_access = ALIASES[role]
        if not base:
            statuses = {self.expected[r] for r in ROLES if r != "anonymous"}
            return statuses.pop() if len(statuses) == 1 else NOT_FOUND
        status = self.expected[base]
        return NOT_FOUND if (self.case is not None and not keeps_case_access) else status


def kwarg_value(name: str, obj):
    """A URL kwarg for a world object: its slug for `slug`, else its primary key."""
    return obj.slug if name == "slug" else obj.pk


def only(*allowed: str, default: int = NOT_FOUND, ok: int = OK) -> dict[str, int]:
    """Expected statuses: `ok` for the allowed roles, `default` for the others, login for anonymous."""
    return {role: (LOGIN if role == "anonymous" else ok if role in allowed else default) for role in ROLES}


EVERYONE = [r for r in ROLES if r != "anonymous"]
PROCESREGISSEURS = ["procesregisseur", "colleague", "other_region"]
REGISTRANTS = [*PROCESREGISSEURS, "casusregisseur", "partner", "referrer"]

MATRIX: list[Entry] = [
    Entry("home", only(*EVERYONE), case=None),
    Entry("password_change", only(*EVERYONE), case=None),
    Entry("password_change_done", only(*EVERYONE), case=None),
    Entry("cases:my_cases", only(*EVERYONE), case=None),
    Entry("cases:my_referrals", only(*EVERYONE), case=None),
    Entry("cases:region_list", only(*PROCESREGISSEURS), case=None),
    Entry("cases:triage_list", only(*PROCESREGISSEURS), case=None),
    Entry("cases:register", only(*REGISTRANTS), case=None),
    Entry("cases:reassign", only("procesregisseur", "colleague", "other_region"), method="post", case=None),
    Entry("cases:case_detail", only("procesregisseur")),
    Entry("cases:referral_detail", only("procesregisseur", "referrer")),
    Entry("cases:referral_detail", only("procesregisseur", "colleague", "referrer"), case="aanmelding"),
    Entry("cases:triage", only("procesregisseur", "colleague"), method="post", case="aanmelding"),
    # A triage sent after the aanmelding was decided (a stale tab): the region's team is told the outcome.
    Entry("cases:triage", only("procesregisseur", "colleague", ok=STALE), method="post"),
    Entry("cases:intake_edit", only("procesregisseur")),
    Entry("cases:person_add", only("procesregisseur")),
    Entry("cases:involvement_add", only("procesregisseur")),
    Entry("cases:information_add", only("procesregisseur")),
    Entry("cases:transition", only("procesregisseur"), method="post"),
    # Corrections after the intake (persons, parties, information): the procesregisseur, on an open case.
    Entry("cases:person_edit", only("procesregisseur"), case="plan", objects={"person_id": "person"}),
    Entry("cases:person_remove", only("procesregisseur"), case="plan", objects={"person_id": "person"}),
    Entry("cases:person_remove", only("procesregisseur"), method="post", case="plan",
          objects={"person_id": "person"}),
    Entry("cases:involvement_edit", only("procesregisseur"), case="plan", objects={"involvement_id": "involvement"}),
    Entry("cases:involvement_remove", only("procesregisseur"), case="plan",
          objects={"involvement_id": "involvement"}),
    Entry("cases:information_edit", only("procesregisseur"), case="plan", objects={"item_id": "item"}),
    Entry("cases:information_remove", only("procesregisseur"), case="plan", objects={"item_id": "item"}),
    Entry("cases:assign", only("procesregisseur", "colleague")),
    # Waarneming: a procesregisseur arranges their own, the manager anyone's; ending one redirects back.
    Entry("cases:stand_ins", only(*PROCESREGISSEURS, "manager"), case=None),
    Entry("cases:stand_in_end", only("procesregisseur", "colleague", "manager", ok=REDIRECT), method="post",
          case=None, objects={"stand_in_id": "stand_in"}, extra={"demoted": REDIRECT}),
    Entry("cases:case_detail", only("procesregisseur", "casusregisseur"), case="monitoring"),
    # Monitoring.
    Entry("monitoring:notifications", only(*EVERYONE), case=None),
    Entry("monitoring:notifications_read", only(*EVERYONE, ok=REDIRECT), method="post", case=None),
    Entry("monitoring:casusregie", only(*EVERYONE), case=None),
    # The agenda and the personal calendar feed: the user's own appointments only.
    Entry("monitoring:agenda", only(*EVERYONE), case=None),
    Entry("monitoring:agenda_feed_renew", only(*EVERYONE, ok=REDIRECT), method="post", case=None),
    Entry("monitoring:agenda_feed_revoke", only(*EVERYONE, ok=REDIRECT), method="post", case=None),
    # E-mail that did not arrive: the region's beheerder and procesregisseurs (their own cases).
    Entry("notifications:delivery_problems", only(*PROCESREGISSEURS, "beheerder"), case=None,
          extra={"superuser": OK}),
    Entry("notifications:delivery_resend", only(*PROCESREGISSEURS, "beheerder", ok=REDIRECT), method="post",
          case=None, extra={"superuser": REDIRECT}),
    Entry("monitoring:checkin_add", only("procesregisseur"), case="monitoring"),
    Entry("monitoring:arrangement", only("procesregisseur"), case="monitoring"),
    Entry("monitoring:checkin_record", only("procesregisseur", "casusregisseur"), case="monitoring",
          objects={"checkin_id": "checkin"}),
    Entry("monitoring:escalate", only("procesregisseur", "casusregisseur"), case="monitoring"),
    Entry("monitoring:escalation_acknowledge", only("procesregisseur", ok=REDIRECT), method="post",
          case="monitoring", objects={"escalation_id": "escalation"}),
    Entry("monitoring:escalation_resolve", only("procesregisseur"), case="monitoring",
          objects={"escalation_id": "escalation"}),
    Entry("closeout:closeout", only("procesregisseur"), case="monitoring"),
    Entry("closeout:evaluation", only("procesregisseur"), case="evaluatie"),
    Entry("closeout:evaluation_skip", only("procesregisseur"), case="evaluatie"),
    Entry("closeout:lesson_publish", only("procesregisseur"), case="evaluated"),
    Entry("closeout:lessons", only(*PROCESREGISSEURS, "manager", "beheerder"), case=None,
          extra={"superuser": OK}),
    # Planning (overleg, plan van aanpak) on the world's case in the plan stage.
    Entry("planning:plan_detail", only("procesregisseur", "casusregisseur"), case="plan"),
    Entry("planning:plan_print", only("procesregisseur", "casusregisseur"), case="plan"),
    Entry("planning:plan_pdf", only("procesregisseur", "casusregisseur"), case="plan"),
    Entry("planning:meeting_detail", only("procesregisseur", "casusregisseur"),
          case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:meeting_ics", only("procesregisseur", "casusregisseur"),
          case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:shared", only("procesregisseur", "casusregisseur", "partner"), case="plan"),
    Entry("planning:meeting_create", only("procesregisseur"), case="plan"),
    Entry("planning:meeting_edit", only("procesregisseur"), case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:meeting_cancel", only("procesregisseur"), case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:meeting_record", only("procesregisseur"), case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:invitee_add", only("procesregisseur"), case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:decision_add", only("procesregisseur"), case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:decision_to_activity", only("procesregisseur"),
          case="plan", objects={"meeting_id": "meeting", "decision_id": "decision"}),
    Entry("planning:plan_edit", only("procesregisseur"), case="plan"),
    Entry("planning:analysis_edit", only("procesregisseur"), case="plan"),
    Entry("planning:goal_add", only("procesregisseur"), case="plan"),
    Entry("planning:goal_edit", only("procesregisseur"), case="plan", objects={"goal_id": "goal"}),
    Entry("planning:direction_add", only("procesregisseur"), case="plan"),
    Entry("planning:activity_add", only("procesregisseur"), case="plan"),
    Entry("planning:activity_edit", only("procesregisseur"), case="plan", objects={"activity_id": "activity"}),
    Entry("planning:casusregisseur", only("procesregisseur"), case="plan"),
    Entry("planning:plan_switch_b", only("procesregisseur"), case="plan"),
    Entry("planning:invitee_remove", only("procesregisseur", ok=REDIRECT), method="post",
          case="plan", objects={"meeting_id": "meeting", "invitee_id": "invitee"}),
    Entry("planning:goal_delete", only("procesregisseur", ok=REDIRECT), method="post",
          case="plan", objects={"goal_id": "goal"}),
    Entry("planning:direction_delete", only("procesregisseur", ok=REDIRECT), method="post",
          case="plan", objects={"direction_id": "direction"}),
    Entry("planning:activity_delete", only("procesregisseur", ok=REDIRECT), method="post",
          case="plan", objects={"activity_id": "activity"}),
    # GET on a delete URL: the confirmation page (what will be removed); the POST removes it.
    Entry("planning:invitee_remove", only("procesregisseur"), case="plan",
          objects={"meeting_id": "meeting", "invitee_id": "invitee"}),
    Entry("planning:goal_delete", only("procesregisseur"), case="plan", objects={"goal_id": "goal"}),
    Entry("planning:direction_delete", only("procesregisseur"), case="plan", objects={"direction_id": "direction"}),
    Entry("planning:activity_delete", only("procesregisseur"), case="plan", objects={"activity_id": "activity"}),
    Entry("planning:plan_adopt", only("procesregisseur", ok=REDIRECT), method="post", case="plan"),
    # Issue 15: the youth's voice, printed invitations, replies, partners' progress reports.
    Entry("planning:voice_add", only("procesregisseur"), case="plan", objects={"meeting_id": "meeting"}),
    Entry("planning:voice_delete", only("procesregisseur", ok=REDIRECT), method="post", case="plan",
          objects={"meeting_id": "meeting", "voice_id": "voice"}),
    Entry("planning:voice_delete", only("procesregisseur"), case="plan",  # the confirmation page
          objects={"meeting_id": "meeting", "voice_id": "voice"}),
    Entry("planning:invitation_print", only("procesregisseur"), case="plan",
          objects={"meeting_id": "meeting", "invitee_id": "invitee"}),
    Entry("planning:invitation_handed_over", only("procesregisseur", ok=REDIRECT), method="post", case="plan",
          objects={"meeting_id": "meeting", "invitee_id": "invitee"}),
    # The invitee themself answers (the world's invitee is the partner); anyone else gets 404.
    Entry("planning:invitation_respond", only("partner", ok=REDIRECT), method="post", case="plan",
          objects={"meeting_id": "meeting", "invitee_id": "invitee"}),
    # Partners report progress on their organisation's activities (an empty form writes nothing).
    Entry("planning:activity_progress", only("partner", ok=REDIRECT), method="post", case="plan",
          objects={"activity_id": "activity"}),
    # Between the meetings: the procesregisseur and the casusregisseur (record_progress), on an open case.
    Entry("planning:contact_add", only("procesregisseur", "casusregisseur"), case="plan"),
    Entry("planning:evaluation_add", only("procesregisseur", "casusregisseur"), case="plan"),
    Entry("planning:other_table_add", only("procesregisseur", "casusregisseur"), case="plan"),
    Entry("planning:other_table_add", only("procesregisseur")),  # at intake
    Entry("planning:follow_up_done", only("procesregisseur", "casusregisseur", ok=REDIRECT), method="post",
          case="plan", objects={"contact_id": "contact"}),
    Entry("planning:other_table_end", only("procesregisseur", "casusregisseur", ok=REDIRECT), method="post",
          case="plan", objects={"table_id": "other_table"}),
    # Privacy.
    Entry("privacy:case_privacy", only("procesregisseur")),
    Entry("privacy:consent_add", only("procesregisseur")),
    Entry("privacy:consent_withdraw", only("procesregisseur"), objects={"consent_id": "consent"}),
    Entry("privacy:involvement_stop_sharing", only("procesregisseur", ok=REDIRECT), method="post",
          objects={"involvement_id": "involvement"}),
    Entry("privacy:case_access_log", only("procesregisseur")),
    Entry("privacy:person_export_json", only("procesregisseur"), objects={"person_id": "person"}),
    Entry("privacy:person_export_pdf", only("procesregisseur"), objects={"person_id": "person"}),
    Entry("privacy:person_erase", only("procesregisseur"), objects={"person_id": "person"}),
    Entry("privacy:user_log_index", only("beheerder"), case=None, extra={"superuser": OK}),
    Entry("privacy:user_access_log", only("beheerder"), case=None, objects={"subject_user_id": "colleague_user"},
          extra={"superuser": OK}),
    # Dashboards (aggregates only): the manager of the world's region; another region's code is 404. The
    # national coordinator is not a world role: dashboards/tests/test_views.py checks that function.
    Entry("dashboards:region", only("manager"), case=None, extra={"coordinator": REDIRECT}),
    Entry("dashboards:region", only(), case=None, data={"regio": "BB"}, extra={"coordinator": OK}),
    Entry("dashboards:region_export", only("manager"), case=None, data={"tabel": "open"}),
    Entry("dashboards:region_export", only(), case=None, data={"tabel": "open", "regio": "BB"},
          extra={"coordinator": OK}),
    Entry("dashboards:national", only(), case=None, extra={"coordinator": OK}),
    Entry("dashboards:national_export", only(), case=None, data={"tabel": "open-n"}, extra={"coordinator": OK}),
    # Account security (zvh/two_factor.py): only the user's own account, never case data.
    Entry("two_factor_setup", only(*EVERYONE), case=None),
    Entry("two_factor_setup", only(*EVERYONE), method="post", case=None),  # wrong code: form again
    Entry("two_factor_verify", only(*EVERYONE), case=None),
    Entry("two_factor_verify", only(*EVERYONE), method="post", case=None),
    Entry("two_factor_backup_codes", only(*EVERYONE), case=None),
    # Nobody in the world has 2FA yet: renewing backup codes sends to the enrolment.
    Entry("two_factor_backup_codes", only(*EVERYONE, ok=REDIRECT), method="post", case=None),
    Entry("session_keepalive", only(*EVERYONE, ok=204), method="post", case=None),
]


# After closure (and after anonymisation) only these pages are read, and only by the procesregisseur and a
# stand-in (the referrer keeps the outcome of their aanmelding); every other case URL is 404 for everybody.
READ_AFTER_CLOSURE = {
    "cases:case_detail", "cases:referral_detail", "planning:plan_detail", "planning:plan_print", "planning:plan_pdf",
    "planning:meeting_detail", "planning:meeting_ics", "planning:shared", "privacy:case_privacy",
    "privacy:case_access_log", "privacy:person_export_json",
    "privacy:person_export_pdf", "privacy:person_erase",
}


def _after_closure(entry: Entry, state: str) -> Entry:
    if entry.url_name == "cases:triage" and state == "closed":
        return Entry(entry.url_name, entry.expected, method=entry.method, case=state, data=entry.data)
    readable = entry.method == "get" and entry.url_name in READ_AFTER_CLOSURE
    readers = ["procesregisseur", "stand_in"] + (["referrer"] if entry.url_name == "cases:referral_detail" else [])
    expected = only(*(readers if readable else []))
    extra = {"stand_in": OK} if readable else {}
    return Entry(entry.url_name, expected, method=entry.method, case=state, data=entry.data, objects=entry.objects,
                 extra=extra)


# Every case URL of the plan case (the one the closed and anonymised twins copy, objects included) and the
# case-level URLs of the intake and monitoring cases again on a closed and on an anonymised case.
MATRIX += [
    _after_closure(entry, state)
    for state in ("closed", "anonymised")
    for entry in list(MATRIX)
    if entry.case == "plan" or (entry.case in ("intake", "monitoring") and not entry.objects)
]

# Documents (issue 15): whoever reads the case's personal data sees every document; a partner uploads and sees
# their own. After closure the procesregisseur (and a stand-in) still reads and downloads, nobody uploads; after
# anonymisation the files are gone and every document URL is 404. An empty POST is the form again (200).
_DOCUMENT_WORKERS = ("procesregisseur", "casusregisseur", "partner")
_DOCUMENTS = [
    ("planning:document_list", "get", {}, _DOCUMENT_WORKERS),
    ("planning:document_upload", "get", {}, _DOCUMENT_WORKERS),
    ("planning:document_upload", "post", {}, _DOCUMENT_WORKERS),
    ("planning:document_download", "get", {"document_id": "document"}, ("procesregisseur", "casusregisseur")),
    ("planning:document_download", "get", {"document_id": "partner_document"}, _DOCUMENT_WORKERS),
]
MATRIX += [Entry(name, only(*roles), method=method, case="plan", objects=objects)
           for name, method, objects, roles in _DOCUMENTS]
MATRIX += [Entry(name, only("procesregisseur") if method == "get" and name != "planning:document_upload" else only(),
                 method=method, case="closed", objects=objects)
           for name, method, objects, _roles in _DOCUMENTS]
MATRIX += [Entry(name, only(), method=method, case="anonymised", objects=objects)
           for name, method, objects, _roles in _DOCUMENTS]
# Removing a document (an upload by mistake): the procesregisseur any, the uploader their own; only while the
# case is open. GET is the confirmation page, POST removes and goes back to the list. The partner's POST on
# their own upload is not a matrix cell: the allowed roles act in turn on one world, so the procesregisseur
# removes it first and the partner then finds nothing of theirs (404); planning/tests/test_documents.py
# covers the partner removing their own.
_REMOVERS = {"document": ("procesregisseur",), "partner_document": ("procesregisseur", "partner")}
MATRIX += [Entry("planning:document_delete", only(*roles), case="plan", objects={"document_id": obj})
           for obj, roles in _REMOVERS.items()]
MATRIX += [Entry("planning:document_delete", only("procesregisseur", ok=REDIRECT), method="post", case="plan",
                 objects={"document_id": "document"})]
MATRIX += [Entry("planning:document_delete", only(), method=method, case=state, objects={"document_id": obj})
           for obj in _REMOVERS for method in ("get", "post") for state in ("closed", "anonymised")]

# Vakontwikkeling (practice/): the world's procesregisseur plays a scenario, shared with their development group:
# the colleague and a trainee of another region, led by the trainer. The play (and its clock) is the trainee's
# and, once shared, their trainer's; the debrief also the fellow members'. Without sharing only the trainee
# (practice/tests). Whoever may practise starts a play; only a trainer manages scenarios and groups.
_PLAY = {"play_id": "play"}
_PRACTISING = ("procesregisseur", "colleague", "other_region")
# Aliases of the procesregisseur and the colleague who are other users: no play, no group of theirs.
_NOT_THEM = {"stand_in": NOT_FOUND, "stand_in_after": NOT_FOUND, "former_procesregisseur": NOT_FOUND}
_NOT_THE_OWNER = {"stand_in": NOT_FOUND}
MATRIX += [
    Entry("practice:home", only(*_PRACTISING), case=None, extra={"trainer": OK}),
    Entry("practice:enter", only(*_PRACTISING, ok=REDIRECT), method="post", case=None, extra={"trainer": REDIRECT}),
    Entry("practice:leave", only(*EVERYONE, ok=REDIRECT), method="post", case=None),
    Entry("practice:start", only(*_PRACTISING, ok=REDIRECT), method="post", case=None,
          objects={"slug": "scenario"}, extra={"trainer": REDIRECT}),
    Entry("practice:space_delete", only("procesregisseur"), case=None, extra=_NOT_THE_OWNER),
    Entry("practice:space_delete", only("procesregisseur", ok=REDIRECT), method="post", case=None,
          extra=_NOT_THE_OWNER),
    Entry("practice:play", only("procesregisseur"), case=None, objects=_PLAY, extra={**_NOT_THEM, "trainer": OK}),
    # An empty clock form: the page again with the error.
    Entry("practice:advance", only("procesregisseur"), method="post", case=None, objects=_PLAY,
          extra={**_NOT_THEM, "trainer": OK}),
    Entry("practice:debrief", only("procesregisseur", "colleague"), case=None, objects=_PLAY,
          extra={**_NOT_THEM, "trainer": OK}),
    Entry("practice:debrief_pdf", only("procesregisseur", "colleague"), case=None, objects=_PLAY,
          extra={**_NOT_THEM, "trainer": OK}),
    Entry("practice:feedback", only("procesregisseur", "colleague"), method="post", case=None, objects=_PLAY,
          extra={**_NOT_THEM, "trainer": OK}),
    Entry("practice:share", only("procesregisseur", ok=REDIRECT), method="post", case=None, objects=_PLAY,
          extra=_NOT_THEM),
    Entry("practice:scenarios", only(), case=None, extra={"trainer": OK}),
    Entry("practice:scenarios", only(), method="post", case=None, extra={"trainer": OK}),
    Entry("practice:scenario_edit", only(), case=None, objects={"slug": "scenario"}, extra={"trainer": OK}),
    Entry("practice:scenario_edit", only(), method="post", case=None, objects={"slug": "scenario"},
          extra={"trainer": OK}),
    Entry("practice:scenario_export", only(), case=None, objects={"slug": "scenario"}, extra={"trainer": OK}),
    Entry("practice:groups", only(*_PRACTISING), case=None, extra={"trainer": OK}),
    Entry("practice:group_create", only(), method="post", case=None, extra={"trainer": OK}),
    Entry("practice:group", only("procesregisseur", "colleague"), case=None, objects={"group_id": "group"},
          extra={**_NOT_THEM, "trainer": OK}),
    Entry("practice:member_add", only(), method="post", case=None, objects={"group_id": "group"},
          extra={"trainer": OK}),
    # Removing the trainee of the other region: the trainer does; a fellow member is told no (a message).
    Entry("practice:member_remove", only("procesregisseur", "colleague", ok=REDIRECT), method="post", case=None,
          objects={"group_id": "group", "user_id": "group_member"}, extra={**_NOT_THEM, "trainer": REDIRECT}),
]

# Patterns outside the matrix, each with the reason. Everything else must be in MATRIX.
NOT_CASE_VIEWS = {
    "login": "public: the login page",
    "logout": "POST only; logs out whoever calls it",
    "password_reset": "public: request a reset link",
    "password_reset_done": "public",
    "password_reset_confirm": "public: protected by the one-time token",
    "password_reset_complete": "public",
    "two_factor_activate": "account security: the logged-in user's own single-use activation token; any other "
                           "token gives the same 'invalid link' page (zvh/tests/test_accounts.py)",
    "health_live": "public liveness probe for the operator's monitoring; answers 'ok', no data",
    "health_ready": "public readiness probe: states and counts only, no personal data",
    "planning:invitation_answer": "public: the single-use answer link of an invitation e-mail; an unknown or used "
                                  "token answers 404 and writes nothing (planning/tests/test_overleg_record.py)",
    "monitoring:agenda_feed": "the personal calendar feed, opened by a calendar app without a session: authorised by "
                              "its secret token only (any other token 404); reference and kind, no personal data "
                              "(monitoring/tests/test_agenda.py)",
}
# URL prefixes of the Django admin: covered by tests of the admin's own permission checks.
ADMIN_PREFIX = "admin:"
