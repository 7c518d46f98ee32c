"""Demonstration and scale data, never real: the demo accounts and experts, the
simulated year (``greenmfg simulate``) and the synthetic country for benchmarks and load
tests (``greenmfg generate-country``, written with PostgreSQL ``COPY`` or
``bulk_create`` on SQLite). Above every other app: nothing imports it but its commands,
its job kind, the tests and the benchmarks. See docs/performance.md."""
