"""WSGI entry point: `gunicorn sscportal.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscportal.settings")

application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402 (needs the settings loaded above)

from sscportal.checks import require_secret_key  # noqa: E402

require_secret_key()

# Load every view now, then move what start-up made out of the garbage collector's reach
# (gc.freeze): a page that allocates many objects (the impact page's figures) no longer has the
# collector walk the whole of Django each time it runs, which cost the impact page about 8%.
get_resolver().url_patterns  # noqa: B018 (imports the URLconf and its views)
gc.freeze()
