"""A realistic national data set for the benchmark, written with COPY (PostgreSQL only).

30 regions with 6 procesregisseurs each, a manager, a beheerder and partner professionals of a dozen
organisations; `cases` cases spread over every stage (most closed; those closed longer ago than the
region's retention term anonymised by `privacy.retention.apply_retention` itself), with their stage changes, persons,
involvements, meetings, plans with versions and scenarios A/B, check-ins, escalations,
notifications, reminders, closing and evaluation records, timeline events, access-log entries, and
the guardian rows the access policy (`cases.access`) grants for the facts generated.

Deterministic for a given seed. Rows get their ids here (the tables are truncated with RESTART
IDENTITY first), so related rows are written in one pass per chunk of cases without reading back.
Only for a database of its own: it refuses a database holding anything but an earlier bench set.
"""

import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from psycopg.types.json import Jsonb

from cases import access
from cases.constants import CaseStage, EventKind, PersonRole, TriageDecision, Urgency
from cases.known_persons import match_key
from cases.models import (
    Case,
    CaseEvent,
    CaseGroupObjectPermission,
    CaseStageChange,
    CaseUserObjectPermission,
    Involvement,
    Person,
)
from cases.permissions import team_group_name
from closeout.models import CloseOut, Evaluation
from monitoring.constants import MonitoringEvent
from monitoring.models import CheckIn, Escalation, Reminder
from notifications.models import Notification
from planning.constants import PlanningEvent
from planning.models import (
    Activity,
    Analysis,
    Goal,
    Meeting,
    MeetingInvitee,
    Plan,
    PlanVersion,
    Scenario,
    SolutionDirection,
)
from privacy.models import AccessLog
from zvh.constants import Function, OrganisationType
from zvh.models import Organisation, Region, User

PASSWORD = "bench-wachtwoord-16"  # noqa: S105 - the benchmark's own throw-away accounts
REGION_PREFIX = "ZVH Bench "
PROCESREGISSEURS_PER_REGION = 6
PARTNERS_PER_ORGANISATION = 3
CHUNK = 2000  # cases per COPY round

PATH = [CaseStage.AANMELDING, CaseStage.INTAKE, CaseStage.OVERLEG, CaseStage.PLAN, CaseStage.MONITORING,
        CaseStage.AFSCHALEN, CaseStage.EVALUATIE]
# Where the cases are now (share of all cases): most are closed.
NOW_WEIGHTS = {CaseStage.AANMELDING: 2, CaseStage.INTAKE: 3, CaseStage.OVERLEG: 3, CaseStage.PLAN: 3,
               CaseStage.MONITORING: 10, CaseStage.AFSCHALEN: 2, CaseStage.EVALUATIE: 2, CaseStage.CLOSED: 75}
# The last stage of a closed case (declined at triage, stopped early, or the whole way).
CLOSED_FROM = {CaseStage.AANMELDING: 12, CaseStage.INTAKE: 5, CaseStage.OVERLEG: 4, CaseStage.PLAN: 4,
               CaseStage.MONITORING: 15, CaseStage.AFSCHALEN: 10, CaseStage.EVALUATIE: 50}
DAYS_IN = {CaseStage.AANMELDING: (1, 14), CaseStage.INTAKE: (5, 30), CaseStage.OVERLEG: (5, 30),
           CaseStage.PLAN: (5, 30), CaseStage.MONITORING: (40, 220), CaseStage.AFSCHALEN: (5, 45),
           CaseStage.EVALUATIE: (5, 30)}
ORG_TYPES = [t for t in OrganisationType if t != OrganisationType.ZVH]
FIRST = ["Noah", "Emma", "Liam", "Julia", "Daan", "Sara", "Finn", "Tess", "Sem", "Mila", "Lucas", "Zoë", "Levi",
         "Nora", "Mohamed", "Fatima", "Yusuf", "Aya", "Jayden", "Lotte", "Bram", "Eva", "Milan", "Anna"]
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
        "Mulder", "Bos", "Vos", "Peters", "Hendriks", "el Amrani", "Yilmaz", "Dekker", "Brouwer", "Kaya",
        "van Dijk", "Koster", "Willems", "Postma", "Kramer"]
REASONS = ["School, wijkteam en GGZ werken langs elkaar heen; de jeugdige gaat al maanden niet naar school.",
           "Meerdere meldingen bij Veilig Thuis; de hulp in het gezin komt niet van de grond.",
           "Overlast in de wijk en zorgen over de veiligheid van de kinderen; partijen zijn het niet eens.",
           "De jeugdige is in beeld bij politie en jeugdbescherming; niemand houdt de regie."]


@dataclass
class Summary:
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    accounts: dict = field(default_factory=dict)


class Table:
    """Rows for one model, written with COPY; columns not given get the field's default once."""

    def __init__(self, model, names, now):
        self.model = model
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields]
        self.columns = [model._meta.get_field(n).column for n in names]
        extra_columns, extra = [], []
        for f in fields:
            if f.attname in names or f.name in names:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.empty_strings_allowed and f.blank:
                value = ""
            else:
                raise ValueError(f"{self.table}.{f.column} needs a value")
            if isinstance(value, dict | list):
                value = Jsonb(value)
            extra_columns.append(f.column)
            extra.append(value)
        self.columns += extra_columns
        self.extra = tuple(extra)
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, *values):
        self.rows.append(values + self.extra)

    def flush(self, cursor):
        if not self.rows:
            return
        with cursor.copy(f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN") as copy:  # noqa: S608
            for row in self.rows:
                copy.write_row(row)
        self.written += len(self.rows)
        self.rows = []


def _ensure_own_database():
    if connection.vendor != "postgresql":
        raise RuntimeError("De benchmark vraagt PostgreSQL (DATABASE_URL=postgres://…); SQLite wordt niet ondersteund.")
    foreign = Region.objects.exclude(name__startswith=REGION_PREFIX).exists() or Case.objects.exclude(
        region__name__startswith=REGION_PREFIX).exists()
    if foreign:
        raise RuntimeError("Deze database bevat gegevens die niet van de benchmark zijn. Gebruik een eigen, lege "
                           "database voor de benchmark (BENCH_DATABASE_URL).")


def _reset(cursor):
    """Empty every table but the migration history, content types and permissions."""
    keep = {"django_migrations", "django_content_type", "auth_permission"}
    tables = [t for t in connection.introspection.table_names(cursor) if t not in keep]
    cursor.execute("SET zvh.allow_truncate = 'on'")
    cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)} RESTART IDENTITY CASCADE")


def _set_sequences(cursor, models):
    for model in models:
        table = model._meta.db_table
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                       f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")


def generate(cases: int = 100_000, *, regions: int = 30, seed: int = 16, accounts_path: Path | None = None,
             log=print) -> Summary:
    """Replace the database's content by a national data set of about `cases` cases."""
    started = time.monotonic()
    _ensure_own_database()
    rng = random.Random(seed)  # noqa: S311 - a reproducible data set, not a secret
    now = timezone.now()
    password = make_password(PASSWORD)
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        _reset(cursor)
        log(f"  leeggemaakt ({time.monotonic() - started:.0f} s)")
        gen = _Generator(rng, now, password, cursor, log)
        gen.staff(regions)
        per_region = [cases // regions + (1 if i < cases % regions else 0) for i in range(regions)]
        gen.cases(per_region)
        _set_sequences(cursor, gen.models())
        cursor.execute("ANALYZE")
    log(f"  geschreven ({time.monotonic() - started:.0f} s)")
    due = gen.retention()
    log(f"  bewaartermijn toegepast ({time.monotonic() - started:.0f} s)")
    gen.collect_accounts()
    summary = Summary(counts={t.table: t.written for t in gen.tables.values()}, accounts=gen.accounts)
    summary.counts["anonymised"] = due
    with connection.cursor() as wrapper:
        wrapper.execute("VACUUM ANALYZE")
    log(f"  klaar ({time.monotonic() - started:.0f} s)")
    summary.seconds = time.monotonic() - started
    if accounts_path:
        accounts_path.parent.mkdir(parents=True, exist_ok=True)
        accounts_path.write_text(json.dumps(gen.accounts, indent=1, default=str))
    return summary


class _Generator:
    def __init__(self, rng, now, password, cursor, log):
        self.rng, self.now, self.password, self.cursor, self.log = rng, now, password, cursor, log
        models = {
            "region": (Region, ["id", "code", "name", "retention_months"]),
            "org": (Organisation, ["id", "region_id", "name", "type"]),
            "user": (User, ["id", "username", "first_name", "last_name", "email", "password", "region_id",
                            "organisation_id", "function", "is_active", "date_joined"]),
            "group": (Group, ["id", "name"]),
            "user_group": (User.groups.through, ["id", "user_id", "group_id"]),
            "case": (Case, ["id", "uuid", "region_id", "reference", "year", "number", "stage", "urgency", "reason",
                            "referrer_goal", "referred_by_id", "referrer_organisation_id", "triage_decision",
                            "triaged_at", "triaged_by_id", "zorgvraag", "procesregisseur_id", "opened_at",
                            "closed_at", "close_reason", "last_activity_at", "stage_entered_at"]),
            "change": (CaseStageChange, ["id", "case_id", "from_stage", "to_stage", "actor_id", "reason",
                                         "created_at", "entered_at"]),
            "event": (CaseEvent, ["id", "case_id", "kind", "description", "actor_id", "created_at"]),
            "person": (Person, ["id", "case_id", "role", "first_name", "last_name", "date_of_birth", "match_key",
                                "created_at"]),
            "involvement": (Involvement, ["id", "case_id", "organisation_id", "contact_user_id", "contact_name",
                                          "is_current", "primary_task", "created_at"]),
            "meeting": (Meeting, ["id", "case_id", "kind", "starts_at", "ends_at", "location", "status", "minutes",
                                  "organizer_id", "ical_uid", "agenda_analysis", "agenda_goals",
                                  "agenda_solutions", "agenda_plan", "sc_all_parties", "sc_shared_goals",
                                  "created_at"]),
            "invitee": (MeetingInvitee, ["id", "meeting_id", "organisation_id", "name"]),
            "plan": (Plan, ["id", "case_id", "version", "status", "casusregisseur_id", "information_agreements",
                            "first_checkin_on", "active_scenario", "adopted_at", "adopted_by_id", "created_at"]),
            "analysis": (Analysis, ["id", "plan_id", "facts", "concerns", "strengths", "explanation"]),
            "goal": (Goal, ["id", "plan_id", "text", "position"]),
            "direction": (SolutionDirection, ["id", "plan_id", "organisation_id", "text"]),
            "scenario": (Scenario, ["id", "plan_id", "kind", "description", "trigger"]),
            "activity": (Activity, ["id", "scenario_id", "what", "goal_id", "organisation_id", "responsible_name",
                                    "due_date", "status", "created_at"]),
            "version": (PlanVersion, ["id", "plan_id", "number", "snapshot", "adopted_at", "adopted_by_id"]),
            "checkin": (CheckIn, ["id", "case_id", "kind", "scheduled_on", "assignee_id", "done_at", "done_by_id",
                                  "cooperation", "progress", "created_at"]),
            "escalation": (Escalation, ["id", "case_id", "raised_by_id", "reason", "explanation", "urgency",
                                        "raised_at", "acknowledged_at", "acknowledged_by_id", "resolved_at",
                                        "resolved_by_id", "outcome", "resolution_note"]),
            "notification": (Notification, ["id", "recipient_id", "case_id", "kind", "title", "body", "url",
                                            "created_at", "read_at", "email_status"]),
            "reminder": (Reminder, ["id", "kind", "subject", "due_date", "recipient_id", "case_id", "created_at"]),
            "closeout": (CloseOut, ["id", "case_id", "care_organised", "family_self_reliant", "regie_handed_over",
                                    "evaluate", "decided_by_id", "decided_at"]),
            "evaluation": (Evaluation, ["id", "case_id", "participants", "went_well", "to_improve", "learned",
                                        "recorded_by_id", "recorded_at"]),
            "access": (AccessLog, ["id", "at", "event", "outcome", "case_id", "case_reference", "user_id",
                                   "username", "user_function", "method", "path", "view"]),
            "uperm": (CaseUserObjectPermission, ["id", "permission_id", "user_id", "content_object_id"]),
            "gperm": (CaseGroupObjectPermission, ["id", "permission_id", "group_id", "content_object_id"]),
        }
        self.tables = {key: Table(model, names, now) for key, (model, names) in models.items()}
        ct = ContentType.objects.get_for_model(Case)
        self.perm_ids = dict(Permission.objects.filter(content_type=ct).values_list("codename", "pk"))
        self.accounts: dict = {"password": PASSWORD, "procesregisseurs": [], "casusregisseurs": [], "managers": [],
                               "beheerders": [], "landelijk": [], "partners": []}
        self.anonymise_before = now - timedelta(days=31 * 24)
        self.due_ids: list[int] = []

    def models(self):
        return [t.model for t in self.tables.values()]

    def flush(self):
        for t in self.tables.values():
            t.flush(self.cursor)

    # -- regions, organisations, users ----------------------------------------------------------------

    def _user(self, username, function, region_id, org_id, first=None, last=None):
        t = self.tables["user"]
        uid = t.new_id()
        first = first or self.rng.choice(FIRST)
        last = last or self.rng.choice(LAST)
        t.add(uid, username, first, last, f"{username}@bench.example.nl", self.password, region_id, org_id,
              function, True, self.now - timedelta(days=800))
        return uid

    def staff(self, n_regions):
        self.regions = []
        for i in range(1, n_regions + 1):
            rid = self.tables["region"].new_id()
            code = f"B{i:02d}"
            self.tables["region"].add(rid, code, f"{REGION_PREFIX}{i:02d}", 24)
            zvh_org = self.tables["org"].new_id()
            self.tables["org"].add(zvh_org, rid, f"Zorg- en Veiligheidshuis {i:02d}", OrganisationType.ZVH)
            orgs, partners = [], {}
            for t in ORG_TYPES:
                oid = self.tables["org"].new_id()
                self.tables["org"].add(oid, rid, f"{t.label} {code}", t.value)
                orgs.append(oid)
                partners[oid] = [self._user(f"partner-{code.lower()}-{oid}-{k}", Function.PARTNER, rid, oid)
                                 for k in range(PARTNERS_PER_ORGANISATION)]
            prs = [self._user(f"pr-{code.lower()}-{k}", Function.PROCESREGISSEUR, rid, zvh_org)
                   for k in range(PROCESREGISSEURS_PER_REGION)]
            manager = self._user(f"manager-{code.lower()}", Function.MANAGER, rid, zvh_org)
            self._user(f"beheer-{code.lower()}", Function.BEHEERDER, rid, zvh_org)
            gid = self.tables["group"].new_id()
            self.tables["group"].add(gid, team_group_name(type("R", (), {"code": code})))
            for uid in prs:
                self.tables["user_group"].add(self.tables["user_group"].new_id(), uid, gid)
            self.regions.append({"id": rid, "code": code, "orgs": orgs, "partners": partners, "prs": prs,
                                 "manager": manager, "group": gid, "number": 0})
            self.accounts["managers"].append(f"manager-{code.lower()}")
            self.accounts["beheerders"].append(f"beheer-{code.lower()}")
        self._user("landelijk", Function.LANDELIJK, None, None, "Lan", "Delijk")
        self.accounts["landelijk"].append("landelijk")
        self.usernames = {}
        self.flush()
        self.usernames = dict(User.objects.values_list("pk", "username"))

    # -- cases -----------------------------------------------------------------------------------------

    def cases(self, per_region):
        total = sum(per_region)
        done = 0
        order = [(r, j) for r, n in zip(self.regions, per_region, strict=True) for j in range(n)]
        for start in range(0, len(order), CHUNK):
            for region, _j in order[start:start + CHUNK]:
                self._case(region)
            self.flush()
            done += len(order[start:start + CHUNK])
            self.log(f"  {done:>7} / {total} casussen")

    def _stage_path(self):
        rng = self.rng
        now_stage = rng.choices(list(NOW_WEIGHTS), weights=list(NOW_WEIGHTS.values()))[0]
        if now_stage == CaseStage.CLOSED:
            last = rng.choices(list(CLOSED_FROM), weights=list(CLOSED_FROM.values()))[0]
            stages = PATH[:PATH.index(last) + 1]
        else:
            stages = PATH[:PATH.index(now_stage) + 1]
        return now_stage, stages

    def _case(self, region):
        rng, now, t = self.rng, self.now, self.tables
        now_stage, stages = self._stage_path()
        closed = now_stage == CaseStage.CLOSED
        days = [rng.randint(*DAYS_IN[s]) + rng.random() for s in stages]
        span = timedelta(days=sum(days))
        if closed:
            closed_at = now - timedelta(days=rng.uniform(1, 4 * 365))
            opened_at = closed_at - span
        else:
            closed_at = None
            # The current stage is under way: part of its duration has passed.
            opened_at = now - span + timedelta(days=days[-1] * rng.uniform(0.1, 0.9))
        moments = [opened_at]
        for d in days:
            moments.append(moments[-1] + timedelta(days=d))
        # moments[i] = entering stages[i]; moments[len(stages)] = leaving the last (closing) if closed.
        region["number"] += 1
        cid = t["case"].new_id()
        code = region["code"]
        year = opened_at.year
        reference = f"ZVH-{code}-{year}-{region['number']:05d}"
        partner_org = rng.choice(region["orgs"])
        referrer = rng.choice(region["partners"][partner_org])
        reached = len(stages)
        pr = rng.choice(region["prs"]) if reached >= 2 or (closed and rng.random() < 0.5) else None
        if reached >= 2:
            decision = TriageDecision.ACCEPTED
        elif closed:
            decision = rng.choice([TriageDecision.DECLINED, TriageDecision.REFERRED])
        else:
            decision = TriageDecision.PENDING
        triaged_at = moments[1] if reached >= 2 else (moments[1] if closed else None)
        last_moment = moments[-1] if closed else moments[len(stages) - 1]
        stage_entered = moments[len(stages)] if closed else moments[len(stages) - 1]
        last_activity = last_moment if closed else min(now, last_moment + timedelta(days=rng.uniform(0, 30)))
        urgency = rng.choices([Urgency.REGULIER, Urgency.VERHOOGD, Urgency.SPOED], weights=[70, 20, 10])[0]
        t["case"].add(cid, uuid.UUID(int=rng.getrandbits(128), version=4), region["id"], reference, year,
                      region["number"], now_stage, urgency, rng.choice(REASONS), "Eén plan en één regisseur.",
                      referrer, partner_org, decision, triaged_at, pr if triaged_at else None,
                      "Hoe krijgen we de zorg rond dit gezin op één lijn?" if reached >= 2 else "", pr, opened_at,
                      closed_at, "Doel bereikt, regie overgedragen." if closed else "", last_activity, stage_entered)
        if closed and closed_at < self.anonymise_before:
            self.due_ids.append(cid)
        anonymised = closed and closed_at < self.anonymise_before
        ev = _Events(t["event"], cid)
        ev.add(EventKind.REGISTERED, referrer, opened_at)
        # Stage changes.
        path = stages + ([CaseStage.CLOSED] if closed else [])
        for i in range(len(path) - 1):
            t["change"].add(t["change"].new_id(), cid, path[i], path[i + 1], pr or referrer, "", moments[i + 1],
                            moments[i])
        if triaged_at:
            ev.add(EventKind.TRIAGED, pr, triaged_at)
        if reached >= 2:
            ev.add(EventKind.ASSIGNED, pr, triaged_at)
        # Persons and involvements.
        for k, role in enumerate([PersonRole.JEUGDIGE, PersonRole.OUDER, PersonRole.GEZINSLID][:rng.randint(2, 3)]):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            born = (now - timedelta(days=rng.randint(6 * 365, 17 * 365) if k == 0 else rng.randint(25 * 365,
                                                                                                     55 * 365))).date()
            t["person"].add(t["person"].new_id(), cid, role, first, last, born, match_key(first, last, born),
                            opened_at)
            ev.add(EventKind.PERSON_ADDED, referrer, opened_at)
        involved = rng.sample(region["orgs"], rng.randint(2, 4)) if reached >= 2 else []
        contacts = {}
        for oid in involved:
            contact = rng.choice(region["partners"][oid])
            contacts[oid] = contact
            t["involvement"].add(t["involvement"].new_id(), cid, oid, contact, "", True, "Begeleiding gezin",
                                 moments[1])
            ev.add(EventKind.PARTY_ADDED, pr, moments[1])
        if reached >= 2:
            ev.add(EventKind.INTAKE_UPDATED, pr, moments[1] + timedelta(days=1))
        casusregisseur = contacts[involved[0]] if reached >= 4 else None
        if reached >= 3:
            self._meetings(cid, region, involved, pr, moments, reached, ev)
        if reached >= 4:
            self._plan(cid, involved, casusregisseur, pr, moments, reached, ev)
        if reached >= 5:
            self._monitoring(cid, region, pr, casusregisseur, moments, stages, closed, ev)
        if reached >= 6:
            t["closeout"].add(t["closeout"].new_id(), cid, True, True, True, True, pr, moments[5])
        if reached >= 7 and closed:
            t["evaluation"].add(t["evaluation"].new_id(), cid, "Gezin, school, wijkteam", "Korte lijnen.",
                                "Eerder opschalen.", "Plan B vooraf afspreken.", pr, moments[7] - timedelta(hours=2))
        # Access log: the procesregisseur and others opening the case over its life.
        self._access(cid, reference, [u for u in (pr, casusregisseur, referrer) if u], opened_at,
                     closed_at or now, 4 + 3 * reached)
        self._permissions(cid, region, pr, referrer, casusregisseur, contacts, now_stage, anonymised)

    def _meetings(self, cid, region, involved, pr, moments, reached, ev):
        t, rng = self.tables, self.rng
        kinds = [("plan_overleg", moments[2] + timedelta(days=3))]
        if reached >= 5:
            kinds.append(("monitoring_overleg", moments[4] + timedelta(days=20)))
        for kind, starts in kinds:
            mid = t["meeting"].new_id()
            held = starts < self.now
            t["meeting"].add(mid, cid, kind, starts, starts + timedelta(hours=1, minutes=30), "ZVH, zaal 2",
                             "held" if held else "planned", "Besproken: analyse, doelen en plan." if held else "",
                             pr, uuid.UUID(int=rng.getrandbits(128), version=4).hex + "@bench", True, True, True,
                             True, held, held, starts - timedelta(days=7))
            for oid in involved:
                t["invitee"].add(t["invitee"].new_id(), mid, oid, f"Contactpersoon {oid}")
            ev.add(PlanningEvent.MEETING_SCHEDULED, pr, starts - timedelta(days=7))
            if held:
                ev.add(PlanningEvent.MEETING_RECORDED, pr, starts + timedelta(hours=3))

    def _plan(self, cid, involved, casusregisseur, pr, moments, reached, ev):
        t, rng = self.tables, self.rng
        pid = t["plan"].new_id()
        adopted = reached >= 5
        versions = (2 if rng.random() < 0.3 else 1) if adopted else 0
        version = max(versions, 1) + (1 if not adopted and rng.random() < 0.2 else 0)
        adopted_at = moments[4] - timedelta(days=1) if adopted else None
        scenario_now = "B" if adopted and rng.random() < 0.05 else "A"
        first_checkin = (moments[4] + timedelta(days=7)).date() if adopted else None
        agreements = "De casusregisseur belt elke twee weken alle partijen."
        t["plan"].add(pid, cid, version, "adopted" if adopted else "draft", casusregisseur, agreements,
                      first_checkin, scenario_now, adopted_at, pr if adopted else None, moments[3])
        analysis = ("De jeugdige gaat sinds maart niet naar school.", "Zorg om de veiligheid thuis.",
                    "Betrokken grootouders.", "Partijen wachten op elkaar.")
        t["analysis"].add(t["analysis"].new_id(), pid, *analysis)
        goals = []
        for position, text in enumerate(["Naar school, elke dag.", "Veilig thuis, met steun."], start=1):
            gid = t["goal"].new_id()
            t["goal"].add(gid, pid, text, position)
            goals.append({"id": gid, "text": text})
        did = t["direction"].new_id()
        t["direction"].add(did, pid, involved[0], "Passende plek op school met begeleiding.")
        scenarios = {}
        for kind, description, trigger in (("A", "Terug naar school met steun.", ""),
                                           ("B", "Tijdelijke plek elders.", "Als het na zes weken niet lukt.")):
            sid = t["scenario"].new_id()
            t["scenario"].add(sid, pid, kind, description, trigger)
            activities = []
            for k in range(2 if kind == "A" else 1):
                aid = t["activity"].new_id()
                org = involved[k % len(involved)]
                due = (moments[3] + timedelta(days=30 + 14 * k)).date()
                status = "done" if adopted and due < self.now.date() else "planned"
                what = f"Gesprek {k + 1} over de aanpak"
                t["activity"].add(aid, sid, what, goals[k % 2]["id"], org, "Mentor", due, status, moments[3])
                activities.append({"id": aid, "what": what, "goal_id": goals[k % 2]["id"], "organisation": str(org),
                                   "responsible": "Mentor", "due_date": due.isoformat(), "status": status})
            scenarios[kind] = {"description": description, "trigger": trigger, "activities": activities}
        ev.add(PlanningEvent.CASUSREGISSEUR_APPOINTED, pr, moments[3] + timedelta(days=1))
        for number in range(1, versions + 1):
            snapshot = {
                "format": 1, "version": number,
                "analysis": dict(zip(("facts", "concerns", "strengths", "explanation"), analysis, strict=True)),
                "goals": goals, "solution_directions": [{"id": did, "organisation": str(involved[0]),
                                                         "text": "Passende plek op school met begeleiding."}],
                "scenarios": scenarios,
                "information_agreements": agreements if number == versions else "Elke maand overleg.",
                "casusregisseur": self.usernames.get(casusregisseur, ""),
                "first_checkin_on": first_checkin.isoformat() if first_checkin else None, "monitoring_notes": "",
            }
            at = adopted_at - timedelta(days=10 * (versions - number))
            t["version"].add(t["version"].new_id(), pid, number, Jsonb(snapshot), at, pr)
            ev.add(PlanningEvent.PLAN_ADOPTED, pr, at, f"versie {number}")
        return versions

    def _monitoring(self, cid, region, pr, casusregisseur, moments, stages, closed, ev):
        t, rng, now = self.tables, self.rng, self.now
        start = moments[4]
        end = moments[5] if len(stages) > 5 or closed else now
        day = start + timedelta(days=7)
        last_done = None
        while day < end:
            done_at = day + timedelta(hours=rng.randint(1, 48))
            t["checkin"].add(t["checkin"].new_id(), cid, "phone_round", day.date(), casusregisseur, done_at,
                             casusregisseur, rng.choice(["good", "good", "strained", "stuck"]),
                             "Afspraken lopen; school meldt aanwezigheid.", day - timedelta(days=14))
            ev.add(MonitoringEvent.CHECKIN_SCHEDULED, pr, day - timedelta(days=14))
            ev.add(MonitoringEvent.CHECKIN_DONE, casusregisseur, done_at)
            if rng.random() < 0.2:
                self._notify(pr, cid, "checkin_due", "Monitormoment vandaag", day, read=True)
            last_done = day
            day += timedelta(days=14)
        if not closed and stages[-1] == CaseStage.MONITORING:
            due = (last_done or start) + timedelta(days=14)
            chk = t["checkin"].new_id()
            t["checkin"].add(chk, cid, "phone_round", due.date(), casusregisseur, None, None, "", "", now)
            if due < now:
                t["reminder"].add(t["reminder"].new_id(), "checkin_overdue", f"checkin:{chk}", due.date(),
                                  casusregisseur, cid, due)
                self._notify(casusregisseur, cid, "checkin_overdue", "Monitormoment verlopen", due,
                             read=rng.random() < 0.5)
        if rng.random() < 0.1:
            for _ in range(rng.randint(1, 2)):
                raised = start + timedelta(days=rng.uniform(5, max(6.0, (end - start).days - 1)))
                acknowledged = raised + timedelta(hours=rng.uniform(1, 72)) if rng.random() < 0.9 else None
                if acknowledged and acknowledged > now:
                    acknowledged = None
                resolved = acknowledged + timedelta(days=rng.uniform(1, 10)) if acknowledged and (
                    closed or rng.random() < 0.7) else None
                if resolved and resolved > now:
                    resolved = None
                t["escalation"].add(t["escalation"].new_id(), cid, casusregisseur,
                                    rng.choice(["execution", "cooperation", "safety"]),
                                    "School en wijkteam komen afspraken niet na.",
                                    rng.choice([Urgency.VERHOOGD, Urgency.SPOED]), raised, acknowledged,
                                    pr if acknowledged else None, resolved, pr if resolved else None,
                                    "overleg" if resolved else "", "Overleg belegd." if resolved else "")
                ev.add(MonitoringEvent.ESCALATED, casusregisseur, raised)
                self._notify(pr, cid, "escalation_raised", "Opschaling", raised, read=acknowledged is not None)
                if acknowledged:
                    ev.add(MonitoringEvent.ESCALATION_ACKNOWLEDGED, pr, acknowledged)
                if resolved:
                    ev.add(MonitoringEvent.ESCALATION_RESOLVED, pr, resolved)

    def _notify(self, recipient, cid, kind, title, at, *, read):
        if recipient is None:
            return
        self.tables["notification"].add(self.tables["notification"].new_id(), recipient, cid, kind, title,
                                        "Zie de casus.", "", at, at + timedelta(hours=5) if read else None,
                                        "sent")

    def _access(self, cid, reference, users, start, end, n):
        t, rng = self.tables["access"], self.rng
        span = max((end - start).total_seconds(), 60)
        for _ in range(n):
            uid = rng.choice(users)
            at = start + timedelta(seconds=rng.uniform(0, span))
            t.add(t.new_id(), at, "read", "success", cid, reference, uid, self.usernames.get(uid, ""), "",
                  "GET", f"/casussen/{cid}/", "cases:case_detail")

    def _permissions(self, cid, region, pr, referrer, casusregisseur, contacts, stage, anonymised):
        """The rows `cases.permissions.sync_case_permissions` would store for these facts."""
        state = access.ANONYMISED if anonymised else stage
        desired: dict[int, set[str]] = {}
        facts = [(pr, access.Relation.PROCESREGISSEUR), (referrer, access.Relation.REFERRER),
                 (casusregisseur, access.Relation.CASUSREGISSEUR)]
        facts += [(uid, access.Relation.PARTY_CONTACT) for uid in contacts.values()]
        for uid, relation in facts:
            if uid:
                desired.setdefault(uid, set()).update(access.actions_for(relation, state))
        t = self.tables["uperm"]
        for uid, actions in desired.items():
            for codename in sorted(actions):
                t.add(t.new_id(), self.perm_ids[codename], uid, cid)
        g = self.tables["gperm"]
        for codename in sorted(access.TEAM_POLICY.get(state, ())):
            g.add(g.new_id(), self.perm_ids[codename], region["group"], cid)

    # -- retention -------------------------------------------------------------------------------------

    def retention(self) -> int:
        """Anonymise the cases past their term with the retention code itself (`apply_retention`)."""
        from privacy.retention import apply_retention

        if not self.due_ids:
            return 0
        done = apply_retention(limit=len(self.due_ids) + 1000, now=self.now).count
        self.log(f"  {done} casussen geanonimiseerd door privacy.retention.apply_retention")
        return done

    def collect_accounts(self):
        """Who the load test logs in as, and which of their pages it opens."""
        from planning.models import Plan

        open_cases = Case.objects.exclude(stage=CaseStage.CLOSED)
        for region in self.regions:
            for pr in region["prs"]:
                mine = open_cases.filter(procesregisseur_id=pr)
                self.accounts["procesregisseurs"].append({
                    "username": self.usernames[pr],
                    "cases": [str(u) for u in mine.order_by("pk").values_list("uuid", flat=True)[:20]],
                    "plans": [str(u) for u in mine.filter(plan__isnull=False).order_by("pk")
                              .values_list("uuid", flat=True)[:20]],
                    "references": list(mine.order_by("pk").values_list("reference", flat=True)[:20]),
                    "names": list(Person.objects.filter(case__procesregisseur_id=pr).order_by("pk")
                                  .values_list("last_name", flat=True).distinct()[:10]),
                })
        self.accounts["log_subjects"] = {
            f"beheer-{region['code'].lower()}": region["prs"] for region in self.regions}
        seen = set()
        for user_id in (Plan.objects.filter(case__in=open_cases, casusregisseur__isnull=False).order_by("pk")
                        .values_list("casusregisseur_id", flat=True)[:500]):
            if user_id not in seen and len(seen) < 60:
                seen.add(user_id)
                self.accounts["casusregisseurs"].append(self.usernames[user_id])


class _Events:
    def __init__(self, table, case_id):
        self.table, self.case_id = table, case_id

    def add(self, kind, actor, at, description=""):
        self.table.add(self.table.new_id(), self.case_id, kind, description, actor, at)
