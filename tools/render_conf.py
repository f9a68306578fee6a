"""Render an Odoo configuration template: ${NAME} takes the value of the environment variable.

Usage: render_conf.py TEMPLATE OUTPUT

An option whose value renders empty (its variable unset) is left out, so that Odoo applies its
own default. The output is written readable by its owner only, since it may carry passwords
taken from the environment.
"""

import os
import re
import sys
import tempfile

PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def render(text, environ):
    lines = []
    for line in text.splitlines():
        rendered = PLACEHOLDER.sub(lambda match: environ.get(match.group(1), ""), line)
        if PLACEHOLDER.search(line) and rendered.split("=", 1)[-1].strip() == "":
            continue
        lines.append(rendered)
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        text = render(handle.read(), os.environ)
    # written beside, then renamed over: a server starting meanwhile reads the old file or the
    # new one, never a half-written one
    target = os.path.abspath(argv[2])
    if os.path.exists(target):
        with open(target, encoding="utf-8") as handle:
            if handle.read() == text:
                return 0
    fd, partial = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".render-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
