"""Errors meant for a person: `str(err)` is one line, and the command line ends in the
error's exit status without a traceback (sim.cli). A module that raises one needs
nothing from the command line, and the command line needs nothing of the module."""


class ProjectError(Exception):
    """Unusable input, flags or output folder (exit status 2) unless a kind says else."""

    exit_status = 2
