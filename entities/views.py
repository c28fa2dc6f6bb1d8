from django.shortcuts import get_object_or_404, render

from entities.models import Country, Person


def person_list(request):
    return render(request, "entities/person_list.html", {"people": Person.objects.active()})


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.select_related("country"), slug=slug)
    return render(request, "entities/person_detail.html", {"person": person})


def country_list(request):
    return render(request, "entities/country_list.html", {"countries": Country.objects.all()})


def country_detail(request, iso2):
    country = get_object_or_404(Country, iso2=iso2.upper())
    return render(request, "entities/country_detail.html", {"country": country})
