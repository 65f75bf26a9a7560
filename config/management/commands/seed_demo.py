"""Load the demo data: all 30 regions, their partners, demo users and cases in every stage.

Idempotent: running it again changes nothing. Refuses to run with DEBUG off unless --force.
Cases are created through the same services the views use, so the demo shows real behaviour.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases import services as case_services
from cases.constants import CaseStage, LegalBasis, PersonRole, TriageDecision, Urgency
from cases.models import Case
from cases.permissions import sync_team_membership
from closeout.demo import advance_beyond_monitoring
from config import demo_data
from monitoring.demo import seed_monitoring
from planning import demo as planning_demo
from practice.demo import seed_practice
from zvh.constants import Function
from zvh.models import Organisation, Region, User

BEHEERDER_GROUP = "Functioneel beheerders"


class Command(BaseCommand):
    help = "Laad de demodata (idempotent). Weigert met DEBUG uit, tenzij --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Ook met DEBUG uit (bijvoorbeeld een oefen- of acceptatieomgeving).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG staat uit: dit lijkt productie. Demodata met een bekend wachtwoord horen daar niet. "
                "Gebruik --force als u dit echt wilt (bijvoorbeeld voor een oefenomgeving)."
            )
        with transaction.atomic():
            beheer_group = self._beheerder_group()
            regions = self._regions()
            users = self._users(regions, beheer_group)
            self._superuser()
            self._national_coordinator()
            seed_practice(password=demo_data.DEMO_PASSWORD, region_codes=demo_data.DEMO_REGIONS)
        for code in demo_data.DEMO_REGIONS:
            region = regions[code]
            if Case.objects.filter(region=region).exists():
                continue
            with transaction.atomic():
                self._cases(region, users[code])
        self.stdout.write(self.style.SUCCESS(
            f"Demodata klaar: {Region.objects.count()} regio's, {Organisation.objects.count()} organisaties, "
            f"{User.objects.count()} gebruikers, {Case.objects.count()} casussen."
        ))

    # -- reference data ---------------------------------------------------------------------

    def _beheerder_group(self) -> Group:
        group, _ = Group.objects.get_or_create(name=BEHEERDER_GROUP)
        perms = Permission.objects.filter(
            content_type__app_label="zvh", content_type__model__in=["user", "organisation"]
        ).exclude(codename__startswith="delete_")
        group.permissions.set(perms)
        return group

    def _regions(self) -> dict[str, Region]:
        regions = {}
        for code, name, place, phone in demo_data.REGIONS:
            region, _ = Region.objects.update_or_create(
                code=code,
                defaults={"name": name, "contact_phone": phone,
                          "contact_email": f"procesregie@{code.lower()}.zvh.example.nl"},
            )
            regions[code] = region
            for template, org_type in demo_data.ORGANISATIONS:
                Organisation.objects.get_or_create(
                    region=region, name=template.format(zvh=name, place=place), defaults={"type": org_type}
                )
        return regions

    def _users(self, regions, beheer_group) -> dict[str, dict[str, User]]:
        result = {}
        places = {code: place for code, _, place, _ in demo_data.REGIONS}
        for code in demo_data.DEMO_REGIONS:
            region = regions[code]
            result[code] = {}
            for suffix, first, last, function, org_template in demo_data.USERS:
                org = Organisation.objects.get(
                    region=region, name=org_template.format(zvh=region.name, place=places[code])
                )
                username = f"{code.lower()}-{suffix}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "first_name": first, "last_name": last, "function": function, "region": region,
                        "organisation": org, "email": f"{username}@demo.zvh.example.nl",
                        "is_staff": function == Function.BEHEERDER,
                    },
                )
                if created:
                    user.set_password(demo_data.DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                if function == Function.BEHEERDER:
                    user.groups.add(beheer_group)
                sync_team_membership(user)
                result[code][suffix] = user
        return result

    def _superuser(self):
        if not User.objects.filter(username="landelijk-beheer").exists():
            User.objects.create_superuser(
                "landelijk-beheer", "landelijk-beheer@demo.zvh.example.nl", demo_data.DEMO_PASSWORD,
                first_name="Landelijk", last_name="Beheer", function=Function.BEHEERDER,
            )

    def _national_coordinator(self):
        """The national view of the dashboards: all regions side by side, aggregates only."""
        user, created = User.objects.get_or_create(
            username="landelijk-coordinator",
            defaults={"first_name": "Mirjam", "last_name": "Haverkamp", "function": Function.LANDELIJK,
                      "email": "landelijk-coordinator@demo.zvh.example.nl"},
        )
        if created:
            user.set_password(demo_data.DEMO_PASSWORD)
            user.save(update_fields=["password"])

    # -- cases ------------------------------------------------------------------------------

    def _family(self, index):
        (first, last), dob, (p_first, p_last), relation = demo_data.FAMILIES[index % len(demo_data.FAMILIES)]
        return [
            {"role": PersonRole.JEUGDIGE, "first_name": first, "last_name": last,
             "date_of_birth": date.fromisoformat(dob), "relation": ""},
            {"role": PersonRole.OUDER, "first_name": p_first, "last_name": p_last, "date_of_birth": None,
             "relation": relation},
        ]

    def _register(self, region, users, index, urgency=Urgency.REGULIER):
        referrer = users["partner-school"] if index % 2 else users["partner-veiligthuis"]
        reason, goal = demo_data.REASONS[index % len(demo_data.REASONS)]
        orgs = {o.type: o for o in Organisation.objects.filter(region=region)}
        parties = [
            {"organisation": users["casusregisseur"].organisation, "contact_name": "Fatima El Idrissi",
             "contact_email": users["casusregisseur"].email, "contact_phone": ""},
            {"organisation": orgs["ggz"], "contact_name": "Dr. P. Verhoeven", "contact_email": "",
             "contact_phone": "010-1111111"},
        ]
        return case_services.case_register(
            actor=referrer, region=region, reason=reason, referrer_goal=goal, urgency=urgency,
            persons=self._family(index), parties=parties,
        )

    def _accept(self, case, users, who="procesregisseur"):
        return case_services.case_triage(
            case=case, actor=users["procesregisseur"], decision=TriageDecision.ACCEPTED,
            explanation="Partijen lopen vast in de samenwerking; procesregie kan helpen.",
            procesregisseur=users[who],
        )

    def _intake(self, case, users):
        actor = case.procesregisseur
        case = case_services.case_update_intake(
            case=case, actor=actor, expected_version=case.version,
            zorgvraag="Hoe zorgen we dat de jeugdige een passende plek op school krijgt en het gezin de hulp "
                      "krijgt die het nodig heeft, met één plan in plaats van drie?",
            urgency=case.urgency,
        )
        wijkteam = case.involvements.get(organisation=users["casusregisseur"].organisation)
        case_services.involvement_update(
            involvement=wijkteam, actor=actor, contact_user=users["casusregisseur"], primary_task="Ambulante hulp",
            ask_content=True, ask_cooperation=True,
        )
        case_services.information_item_add(
            case=case, actor=actor, source=wijkteam, content="Gezin is sinds een jaar bekend bij het wijkteam; "
            "hulp aan moeder loopt, contact met school is moeizaam.", received_on=date(2026, 10, 1),
            legal_basis=LegalBasis.PUBLIEKE_TAAK, justification="Jeugdwet: taak van het wijkteam.", person=None,
        )
        return case

    def _cases(self, region, users):
        index = 0 if region.code == "RR" else 3
        # Aanmelding: waiting for triage (one of them concerns a youth known in the other region).
        self._register(region, users, index, urgency=Urgency.SPOED)
        self._register(region, users, index + 5)
        # Intake.
        self._accept(self._register(region, users, index + 1), users)
        self._intake(self._accept(self._register(region, users, index + 2, Urgency.VERHOOGD), users,
                                  "procesregisseur2"), users)
        # Overleg.
        for offset in (3, 4):
            case = self._intake(self._accept(self._register(region, users, index + offset), users), users)
            case_services.case_transition(case=case, to=CaseStage.OVERLEG, actor=case.procesregisseur)
        # Declined and referred elsewhere (closed at triage).
        case_services.case_triage(
            case=self._register(region, users, index + 6), actor=users["procesregisseur"],
            decision=TriageDecision.DECLINED,
            explanation="De partijen werken al goed samen; een casusoverleg in het wijkteam volstaat.",
        )
        case_services.case_triage(
            case=self._register(region, users, index + 7), actor=users["procesregisseur"],
            decision=TriageDecision.REFERRED, referred_to="Veilig Thuis",
            explanation="Acute onveiligheid: Veilig Thuis pakt dit direct op.",
        )
        # Withdrawn during intake.
        case = self._accept(self._register(region, users, index + 8), users)
        case_services.case_transition(case=case, to=CaseStage.CLOSED, actor=case.procesregisseur,
                                      reason="Aanmelding ingetrokken: gezin verhuisd naar een andere regio.")
        self._later_stages(region, users, index)

    def _later_stages(self, region, users, index):
        """Cases in plan, monitoring, afschalen, evaluatie and closed after evaluation."""
        planning_demo.seed_later_stages(self, region, users, index, advance_beyond_monitoring=advance_beyond_monitoring)
        seed_monitoring(region, users)
