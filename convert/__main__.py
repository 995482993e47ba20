"""``python -m convert`` is the ``vnconv`` command."""

from convert.cli import main

main()
