"""On PostgreSQL the database itself refuses UPDATE, DELETE and TRUNCATE on the access log.

The model and queryset already refuse changes; this makes the log append-only for any client with
a connection (raw SQL, a console, another application). TRUNCATE is allowed only in a session that
explicitly sets `zvh.allow_truncate = 'on'` — what the test suite does to reset its own database
between transactional tests; see README (Privacy: access log).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION privacy_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND coalesce(current_setting('zvh.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The access log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS privacy_accesslog_no_change ON privacy_accesslog;
CREATE TRIGGER privacy_accesslog_no_change BEFORE UPDATE OR DELETE ON privacy_accesslog
    FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_append_only();
DROP TRIGGER IF EXISTS privacy_accesslog_no_truncate ON privacy_accesslog;
CREATE TRIGGER privacy_accesslog_no_truncate BEFORE TRUNCATE ON privacy_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_accesslog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS privacy_accesslog_no_change ON privacy_accesslog;
DROP TRIGGER IF EXISTS privacy_accesslog_no_truncate ON privacy_accesslog;
DROP FUNCTION IF EXISTS privacy_accesslog_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FORWARD)  # no parameters: the % in the message is literal


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
