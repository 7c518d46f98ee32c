"""National scale: a synthetic country for benchmarks and load tests (``greenmfg
generate-country``), written with PostgreSQL ``COPY`` (psycopg 3) or ``bulk_create``
on SQLite. The data are synthetic: no audit events are written for the generated
history. See docs/performance.md."""
