"""Practice holds no personal data of a case: every case, person and party in it is fictitious."""

from cases.personal_data import declare_none

FICTITIOUS = "a scenario written by a trainer: fictitious people and parties only"
declare_none("practice.Scenario", {"slug": FICTITIOUS, "title": FICTITIOUS, "data": FICTITIOUS})
declare_none("practice.PracticeCase", {"scenario_data": "the scenario as the play started: " + FICTITIOUS})
declare_none("practice.FiredEvent", {"key": "the key of a scripted event of the scenario",
                                     "outcome": "a fixed text saying what the event did"})
declare_none("practice.DevelopmentGroup", {"name": "the name a trainer gave the group"})
declare_none("practice.Feedback", {
    "text": "a remark on a practice play (a fictitious case), seen only by the trainee and, once shared, their "
            "group and its trainer; deleted with the trainee's practice space; not about any person of a case"})
