"""Every subcommand, one module each, with ``register(sub)``.

``register`` adds its argparse sub-parser to ``sub`` and sets its handler (``args -> exit code``)
as the parser's ``run`` default; :mod:`goldenthread.cli` lists the modules. A command that cannot
do what was asked raises :class:`~goldenthread.commands.errors.CommandError`. The shared options
and the project they load are in :mod:`goldenthread.commands.options`.
"""
