"""Subcommands beyond ``check`` and ``schema``: one module each, with ``register(sub, commands)``.

``register`` adds its argparse sub-parser to ``sub`` and its handler (``args -> exit code``) to
``commands`` under the same name; :mod:`goldenthread.cli` lists the modules.
"""
