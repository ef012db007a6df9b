"""Importing what secretariats have: agreements (Word, ODT, Markdown, text) and action plans
(Word tables, spreadsheets, CSV) into a pilot's YAML.

Agreements: ``sources`` turns a file into blocks (headings, paragraphs, list items, table
rows, comments), with ``word`` (.docx: outline levels, bold or large numbered paragraphs,
Word's numbering definitions, tables, TOC, tracked changes, comments), ``odt``,
``markdown`` (markdown-it) and ``textflow`` (plain text, re-flowed, residue and TOC lines
dropped); ``ocr`` repairs scanning damage in Nynorsk and Bokmål for every format;
``structure`` finds KDD's chapters, the sub-goals and the signatures; ``parties`` recognises
the parties; ``assemble`` builds the data and lists what it could not place (``messages``);
``writer`` writes pilot.yaml and agreement.yaml; ``run`` ties it together (dry run, diff
against an existing pilot, ``update``).

Action plans: ``tables`` reads the rows of a .docx, .xlsx, .ods or .csv file;
``plan_table`` finds the plan's tables by their headers, which ``plan_headers`` maps to
fields; ``plan_rows`` reads each row into a measure (sub-goals, parties), ``plan_cells``
what a cell says alone and ``plan_amounts`` an amount cell's kroner (by ``amounts``);
``plan_report`` lists what is not read; ``plan_join``
joins a table of budgets alone to the measures it names; ``plan_merge`` matches the rows
to the plan's measures and applies them; ``plan`` ties it together and writes
``plans/<year>.yaml``.
"""
