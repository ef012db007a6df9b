"""Presentation: results (reports, diffs, histories, checks) turned into text for people and
machines. One module per result, each with a registry whose keys are the ``--format``
choices: ``validate.REPORTER_BY_NAME``, ``check.CHECK_PRESENTER_BY_NAME``. ``console`` builds
the one rich console; ``progress`` shows a progress bar.

Only this package imports rich (``tests/test_boundaries.py``). The domain modules compute
plain result objects and never print.
"""
