"""The README's tables of who may do what, written from the role matrix (tests/roles/matrix.csv).

    python tools/role_matrix.py            # print the tables
    python tools/role_matrix.py --write    # replace them in README.md (between the markers)

The matrix is the contract that `./cri test` compares with the effective rights of real users
(tests/roles/effective_rights.py); the README shows its part that people read: the suite's
models, the core apps' models the roles meet, the documents and the main menus.
"""

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ROOT / "tests" / "roles" / "roles.csv"
MATRIX = ROOT / "tests" / "roles" / "matrix.csv"
README = ROOT / "README.md"
START, END = "<!-- role-matrix:start -->", "<!-- role-matrix:end -->"
# the core apps' models a role of the suite works with
CORE_MODELS = (
    "res.partner",
    "res.users",
    "ir.attachment",
    "mail.message",
    "mail.activity",
    "event.event",
    "event.registration",
    "event.event.ticket",
    "survey.survey",
    "survey.user_input",
)


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def table(title, header, rows):
    lines = [f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def render():
    roles = read(ROLES)
    matrix = read(MATRIX)
    keys = [role["role"] for role in roles]
    # roles whose cells are the same on every line of the matrix share a column
    groups = []
    for key in keys:
        for group in groups:
            if all(row[key] == row[group[0]] for row in matrix):
                group.append(key)
                break
        else:
            groups.append([key])
    labels = {role["role"]: role["label"] for role in roles}
    header_roles = [", ".join(labels[key] for key in group) for group in groups]

    def cells(row, blank="·"):
        return [row[group[0]] or blank for group in groups]

    models = [row for row in matrix if row["kind"] == "model"]
    suite = [row for row in models if row["name"].startswith("cri.")]
    core = [row for row in models if row["name"] in CORE_MODELS]
    reports = [row for row in matrix if row["kind"] == "report" and row["name"].startswith("cri_")]
    menus = [
        row
        for row in matrix
        if row["kind"] == "menu" and row["name"].startswith("cri_") and row["name"].count(".") == 1
    ]
    out = [
        "Generated from `tests/roles/matrix.csv` by `tools/role_matrix.py` (r read, w write, "
        "c create, d delete, x yes, · nothing); `./cri test` fails when a real user's rights "
        "differ from the matrix (demo users and users created in the user form or invited to "
        "the portal), for every model, menu and document of the database, the core apps' "
        "included (the full list is the matrix itself). Roles with the same rights everywhere "
        "share a column; the portal roles differ by the records they reach (their organisation's).",
        "",
    ]
    out += table(
        "The suite's models", ["model", *header_roles], [[f"`{r['name']}`", *cells(r)] for r in suite]
    )
    out += table(
        "The core apps' models the roles meet",
        ["model", *header_roles],
        [[f"`{r['name']}`", *cells(r)] for r in core],
    )
    out += table(
        "Documents (printed on the server's checks)",
        ["report", *header_roles],
        [[f"`{r['name']}`", *cells(r)] for r in reports],
    )
    out += table(
        "Menus of the suite", ["menu", *header_roles], [[f"`{r['name']}`", *cells(r)] for r in menus]
    )
    return "\n".join(out).rstrip() + "\n"


def replace_in(text, block):
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + block + text[end:]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help="replace the tables in README.md")
    args = parser.parse_args(argv)
    block = render()
    if args.write:
        README.write_text(replace_in(README.read_text(encoding="utf-8"), block), encoding="utf-8")
    else:
        sys.stdout.write(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
