"""Render an Odoo configuration template: ${NAME} takes the value of the environment variable.

Usage: render_conf.py TEMPLATE OUTPUT

An option whose value renders empty (its variable unset) is left out, so that Odoo applies its
own default. The output is written readable by its owner only, since it may carry passwords
taken from the environment.
"""

import os
import re
import sys

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
    fd = os.open(argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
