"""Drop django-rest-knox's own token table, which the portal never uses.

The portal's API tokens are partners.PartnerToken (settings.KNOX_TOKEN_MODEL): knox's default AuthToken
model is swapped out, yet knox's migrations (written before the model became swappable) still create
its table, with a foreign key to auth_user. Django leaves a swapped-out model's table alone when it
flushes the database, so PostgreSQL refused to empty auth_user ("cannot truncate a table referenced in a
foreign key constraint") in every test that flushes. Nothing reads or writes the table. If a later knox
release adds a migration on AuthToken, it will need this table: re-check on upgrading knox.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_partner_systems"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS knox_authtoken", reverse_sql=migrations.RunSQL.noop),
    ]
