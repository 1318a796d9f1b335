from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("study-tours/", views.StudyTourListView.as_view(), name="studytour_list"),
    path("events/", views.CapacityBuildingEventListView.as_view(), name="event_list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("study-tours/<slug:slug>/", views.StudyTourDetailView.as_view(), name="studytour_detail"),
    path("events/<slug:slug>/", views.CapacityBuildingEventDetailView.as_view(), name="event_detail"),
    path("practices/<slug:slug>/", views.PracticeDetailView.as_view(), name="practice_detail"),
    path("adoptions/", views.PolicyAdoptionListView.as_view(), name="policyadoption_list"),
    path("impact/", views.ImpactView.as_view(), name="impact"),
    path("impact/<slug:table>.csv", views.ImpactTableView.as_view(), name="impact_table"),
]
