"""Importing published green lists (绿色制造名单) of every level: national, provincial and
municipal, from CSV or XLSX files in the layouts that ministries and provinces publish.

- :mod:`.reading` reads a file: header synonyms, title/heading/blank rows, cells;
- :mod:`.regions` matches 地区 texts to jurisdictions;
- :mod:`.engine` plans a run (created / unchanged / updated / conflict / skipped / error
  per row, with its row number) and writes it set-based in one transaction;
- :mod:`.official_counts` holds the published counts of the national batches;
- :mod:`.national` imports the shipped MIIT lists 2016–2021 on the same engine;
- :mod:`.runs` the services behind the command and the officials' page (who may import
  what, the run record :class:`~greenmfg.register.models.ListImport`, conflicts).

See docs/data-imports.md.
"""
