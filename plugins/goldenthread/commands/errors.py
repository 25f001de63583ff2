"""The one way a subcommand stops with an error: raise :class:`CommandError`; ``cli.main`` prints it."""

from __future__ import annotations


class CommandError(Exception):
    """A command cannot do what was asked (a missing folder, an unknown ID, a refused rename…).

    ``cli.main`` prints ``goldenthread: error: <message>`` on stderr and exits with ``exit_code``:
    1 when the request was understood but refused, 2 for a usage or configuration mistake.
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
