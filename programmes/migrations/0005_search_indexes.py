"""GIN full-text indexes for the site search, on PostgreSQL only.

Each index is on exactly the expression SearchQuerySet.search() queries (partners.models.search_document:
to_tsvector('simple', title_en || ' ' || title_es || ' ' || summary_en || ' ' || summary_es)), so the
planner can use it. The indexes live outside the migration state and Meta.indexes: SQLite has no GIN
indexes, and makemigrations must see no change on any database.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# Keep in step with the QuerySets' search_fields and partners.models.SEARCH_CONFIG; the test
# tests/test_search.py::test_postgresql_full_text_search_uses_the_gin_index checks the plan.
FIELDS = ("title_en", "title_es", "summary_en", "summary_es")
CONFIG = "simple"


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex that runs on PostgreSQL only and leaves the migration state alone."""

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def reduce(self, operation, app_label):
        return False

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"


def search_index(name):
    return GinIndex(SearchVector(*FIELDS, config=CONFIG), name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_audit_trail_m2m"),
    ]

    operations = [
        AddIndexOnPostgreSQL("programme", search_index("programme_search")),
        AddIndexOnPostgreSQL("activity", search_index("activity_search")),
        AddIndexOnPostgreSQL("practice", search_index("practice_search")),
    ]
