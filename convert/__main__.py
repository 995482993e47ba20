"""``python -m convert`` is the ``vnconv`` command."""

from convert import start

start.begin()  # before the command line is imported (see convert.start)

from convert.cli import main  # noqa: E402

main()
