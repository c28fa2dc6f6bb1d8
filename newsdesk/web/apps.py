from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "newsdesk.web"
    label = "web"
    verbose_name = "The read side: pages, exports, feeds and the API"
