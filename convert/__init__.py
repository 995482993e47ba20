"""vnconv: plain-text Vietnamese news articles to print-ready DOCX, PDF and EPUB.

The package is laid out like pandoc: ``readers`` turn input into the ``model``,
``writers`` turn the model into bytes, ``styles`` and ``fonts`` feed the writers, and
``cli`` is only the command line around them.
"""

__version__ = "0.1.0"
