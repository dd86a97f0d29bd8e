from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "web/home.html")


def health(request):
    """Liveness for load balancers; also the bare JSON view the benchmarks compare against."""
    return JsonResponse({"status": "ok"})
