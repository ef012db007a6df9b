"""Writing pilot YAML back: round trip, comment surgery, the canonical layout, new files.

Everything here keeps the user's comments, key order and quoting (ruamel.yaml round trip,
YAML 1.2) and writes through ``fsutil.atomic_write``.
"""
