"""`field__in_keys`: a field among a list of integer keys, sent to PostgreSQL as one array parameter.

Django's `__in` sends each key as a parameter of its own. With psycopg's client-side binding every
`%s` is found and replaced in the query's text, one by one: the impact page, filtered to the 185
programmes of a region and a theme, sends their keys with each of about 15 queries, and that took
about 1 ms a query. `= ANY(%s::bigint[])` with the keys as one array literal plans the same
(PostgreSQL reads `IN (…)` as `= ANY(ARRAY[…])`) and binds one parameter. Django itself may do this
one day (ticket 37211); other databases get Django's own IN. Registered on the key fields by
importing this module: use keys_in()."""

from django.core.exceptions import EmptyResultSet
from django.db.models import BigAutoField, ForeignKey, Q, QuerySet
from django.db.models.lookups import In


@ForeignKey.register_lookup
@BigAutoField.register_lookup
class InKeys(In):
    lookup_name = "in_keys"

    def as_postgresql(self, compiler, connection):
        keys = sorted({int(key) for key in self.rhs if key is not None})
        if not keys:
            raise EmptyResultSet  # as IN with no keys: no row matches
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array = "{" + ",".join(map(str, keys)) + "}"  # PostgreSQL's array literal: {1,2,3}
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, array)


def keys_in(field: str, keys) -> Q:
    """The rows whose `field` (a key, or a foreign key) is one of `keys`: a collection of integer keys
    (field__in_keys), or a QuerySet, read as a subquery (field__in)."""
    return Q(**{f"{field}__in" if isinstance(keys, QuerySet) else f"{field}__in_keys": keys})
