from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("countries/<str:iso3>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
]
