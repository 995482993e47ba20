"""``vnconv server``: a resident process that runs the one-file commands for the console
script, so that a Makefile rule or a shell loop pays no start-up per file.

The console script (``convert.client``) asks a running server of this user, this
vnconv and this Python to run ``vnconv pdf|docx|epub|txt|parse`` with its own
arguments, working directory, environment, umask and standard streams (passed as file
descriptors); a child of the server takes each request, forked before it came from a
process that has already imported the writers and read the default style's faces, as
``vnconv convert``'s workers are forked (``convert.batch.forkserver_preload``), and
serves request after request, as those workers convert article after article.
Without a server, or with one that cannot answer, the command runs in-process as
before.

- ``address``: where the socket is, and what names this installation (light: the
  client imports it).
- ``wire``: the request and the answer on the socket (light, too).
- ``daemon``: the server itself, and ``start``, ``stop``, ``status``.

The modules here import nothing heavy at the top: the client's path must stay a few
milliseconds.
"""
