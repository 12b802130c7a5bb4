from django.urls import path

from gongkai.calendar import views

app_name = "workcalendar"

urlpatterns = [path("", views.calculator, name="calculator")]
