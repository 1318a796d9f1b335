"""Admin screens for agency staff, one module per part of the domain (as programmes/models/).

Importing the modules registers their admins with the default admin site.
"""

from programmes.admin import activities, outcomes, programmes, reference

__all__ = ["activities", "outcomes", "programmes", "reference"]
