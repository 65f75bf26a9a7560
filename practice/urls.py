from django.urls import path

from practice import views

app_name = "practice"

urlpatterns = [
    path("", views.home, name="home"),
    path("binnengaan/", views.enter, name="enter"),
    path("verlaten/", views.leave, name="leave"),
    path("verwijderen/", views.space_remove, name="space_delete"),
    path("scenario/<slug:slug>/starten/", views.start, name="start"),
    path("oefening/<int:play_id>/", views.play, name="play"),
    path("oefening/<int:play_id>/klok/", views.advance, name="advance"),
    path("oefening/<int:play_id>/nabespreking/", views.debrief_page, name="debrief"),
    path("oefening/<int:play_id>/nabespreking.pdf", views.debrief_pdf, name="debrief_pdf"),
    path("oefening/<int:play_id>/reactie/", views.feedback, name="feedback"),
    path("oefening/<int:play_id>/delen/", views.share, name="share"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/<slug:slug>/", views.scenario_edit, name="scenario_edit"),
    path("scenarios/<slug:slug>/export.json", views.scenario_export, name="scenario_export"),
    path("groepen/", views.groups, name="groups"),
    path("groepen/nieuw/", views.group_create_view, name="group_create"),
    path("groepen/<int:group_id>/", views.group, name="group"),
    path("groepen/<int:group_id>/deelnemers/", views.member_add_view, name="member_add"),
    path("groepen/<int:group_id>/deelnemers/<int:user_id>/weg/", views.member_remove_view, name="member_remove"),
]
