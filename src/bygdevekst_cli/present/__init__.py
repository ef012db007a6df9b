"""Presentation: results (reports, diffs, histories, checks) turned into text for people and
machines. One module per result; each has a registry whose keys are the ``--format`` choices.

Only this package imports rich. The domain modules compute plain result objects and never
print.
"""
