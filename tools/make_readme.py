"""Write each addon's README.rst from its readme/DESCRIPTION.md and readme/USAGE.md (the sources).

python tools/make_readme.py            # every addon under addons/
python tools/make_readme.py --check    # exit 1 when a README.rst is not up to date
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a Markdown literal `x` is ``x`` in reStructuredText
LITERAL = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def rst(markdown):
    return LITERAL.sub(r"``\1``", markdown.strip()) + "\n"


def render(addon):
    name = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))["name"]
    rule = "=" * len(name)
    parts = [
        f"{rule}\n{name}\n{rule}\n\n..\n   Made from readme/DESCRIPTION.md and readme/USAGE.md, which are the sources.\n"
    ]
    description = addon / "readme" / "DESCRIPTION.md"
    usage = addon / "readme" / "USAGE.md"
    if description.exists():
        parts.append(rst(description.read_text(encoding="utf-8")))
    if usage.exists():
        parts.append("Usage\n=====\n\n" + rst(usage.read_text(encoding="utf-8")))
    return "\n".join(parts)


def main(argv):
    stale = []
    for addon in sorted((ROOT / "addons").iterdir()):
        if not (addon / "__manifest__.py").exists() or not (addon / "readme").is_dir():
            continue
        target = addon / "README.rst"
        text = render(addon)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target.relative_to(ROOT))
        if "--check" not in argv:
            target.write_text(text, encoding="utf-8")
    for path in stale:
        print(("stale: " if "--check" in argv else "written: ") + str(path))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
