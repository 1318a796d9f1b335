"""WSGI entry point: `gunicorn sscportal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscportal.settings")

application = get_wsgi_application()
