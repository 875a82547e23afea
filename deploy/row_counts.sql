-- The number of rows in every table, one "table|rows" line each, in name order.
-- Backups keep this list next to the dump; after a restore the same list must come out.
--   psql "$DATABASE_URL" --no-psqlrc --tuples-only --no-align --file=deploy/row_counts.sql
SELECT table_name,
       (xpath('/row/c/text()',
              query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                           false, true, '')))[1]::text::bigint
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name;
