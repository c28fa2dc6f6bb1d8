"""The WSGI entry point (gunicorn in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
# Serving through here is production: the settings then refuse to start without a SECRET_KEY
# rather than generate a development one. runserver loads the settings before this module.
os.environ["NEWSDESK_WSGI"] = "1"

application = get_wsgi_application()
