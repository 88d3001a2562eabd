"""The one base class for errors a user can cause and fix (bad input, a locked database...).

Every adapter turns a `BackcoachError` into a one-line message: the CLI prints it and exits
non-zero, the web API answers 4xx. Its message is written for a person: what is wrong and, where
it helps, what to do.
"""


class BackcoachError(Exception):
    """An error with a message fit to show a user as it is, on one line."""
