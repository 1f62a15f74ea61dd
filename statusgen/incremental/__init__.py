"""Incremental builds: the content-hash cache in the site's `.statusgen-cache/` folder.

inputs.py reads the inputs, manifest.py records the last build, store.py keeps the
cache folder's files, outputs.py checks the output folder, reuse.py decides per output.
lastbuild.py holds one output folder's record through a build; memory.py keeps the
cache folder's values in memory between the builds of one process (serve), and with
them checker.py's helper process, which checks serve's output folder while it builds.

It remembers, between builds:
  - each incident file's parse result, keyed by the SHA-256 of its bytes (and the timezone
    and component ids it was checked against), with what status.py works out from the
    event alone (its change times and component steps: status.derive);
  - each Markdown message's conversion, keyed by its text;
  - for each output folder built into, a manifest of the last build there: a digest of
    every input, the key of every output it wrote and the facts each read while
    rendering, and the size and modification time of every file and folder it wrote.

Input files are trusted the way git trusts them: a file whose size, modification time
(in nanoseconds), inode and change time are what the manifest recorded is taken to
hold the bytes it held then, and is neither read nor hashed again; only files whose
stat changed are hashed. Folders are trusted by their modification time, which changes
whenever an entry is added, removed or renamed in them. A file changed so quickly after
being recorded that its timestamp cannot tell (within two seconds of the recording; git
calls these "racily clean") is always hashed again. The change time, which no ordinary
call sets back, catches an edit that restores the size and sets the modification time
back (`touch -d`). When a file watcher (`serve`) names the files changed since the last
build, the others are taken as recorded, unread.

What a record says an output was made from is the fingerprint of the very bytes it was
made from: the theme's files, the catalogs and the static files are rendered and copied
from the bytes the build hashed, never read a second time (a save landing in between
would leave a record vouching for bytes no output holds); one taken as recorded is read
once and checked against its record, and a build that finds it changed leaves no record
(InputRecord.made_from, LastBuild.record).

A build where nothing changed (same clock, options, statusgen and library versions,
input stats and output folder) is answered from the manifest alone: one file read, one
`stat` per input and output file, no parsing and no template engine loaded.

An output whose key (its path, the facts it names, and the current values of the facts
it read while it last rendered: see reuse.py) matches the manifest is neither rendered
nor written: the output folder already holds its bytes. That
is only trusted while the output folder is as the last build left it, which the manifest's
sizes and modification times say. Every key starts from `salt`: the statusgen version, the
settings, components file, theme files and command-line overrides, so changing any of
them renders every output again.

The cache only ever saves work. A missing, unreadable or corrupt cache is ignored, and
the build then does everything itself; it is written by temporary file and rename. One
that cannot be written costs every build its speed, never its result (store.Cache.unwritable).
"""
