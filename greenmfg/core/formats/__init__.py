"""Locale formats that override Django's (``FORMAT_MODULE_PATH``).

Issue 18 item 1: Django's zh-hans formats put ``%Y/%m/%d`` first in ``DATE_INPUT_FORMATS``, so
every ``DateInput`` rendered ``value="2026/04/08"`` — which ``<input type="date">`` rejects, leaving
the field blank and erasing the date on the next save. Every language renders ISO 8601 first
(``2026-04-08``, what HTML date inputs require) and still accepts its local spellings.
"""
