"""Generate regional-scale data in a database of the CRI suite and COMMIT it: invented persons,
pathway files with their modules, attendance, exemptions and sanction steps over the eight CRIs
and the years, ILI calls, applications, grants and expenses, training sessions, registrations
and satisfaction answers (each part where its addon is installed).

Usage: generate.py -c ODOO_CONF -d DB [--files 40000] [--years 10] [--attendance 400000]
       [--applications 1000] [--expenses 30000] [--sessions 2000] [--registrations 30000]
       [--seed 1]

For a demonstrator and for benchmarks: the data stays in the database. The generator is the
package addons/cri_generator/generator/, loaded from its folder, so that it runs whether the
cri_generator addon is installed in the database or not. A progress bar is drawn on stderr;
what was created and the time taken are printed at the end.
"""

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

GENERATOR = Path(__file__).resolve().parents[2] / "addons" / "cri_generator" / "generator"
BAR_WIDTH = 30


def load_generator(path=GENERATOR, name="odoo.addons.cri_generator.generator"):
    """The generator package, loaded from its folder (its modules import each other relatively).
    Named as in the addon, so that its log follows the log level of odoo."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, path / "__init__.py", submodule_search_locations=[str(path)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


class ProgressBar:
    """A text progress bar on stderr, one line a step; the time of each step is kept."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.step = None
        self.started = time.perf_counter()
        self.step_started = self.started
        self.times = {}

    def __call__(self, step, done, total):
        now = time.perf_counter()
        if step != self.step:
            # a step lasts until the next one starts
            self.finish(now)
            self.step, self.step_started = step, now
        self.times[step] = now - self.step_started
        share = done / total if total else 1.0
        filled = int(BAR_WIDTH * share)
        self.stream.write(
            f"\r{step:<13} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {100 * share:5.1f} %"
            f" {done:>8}/{total:<8} {now - self.step_started:7.1f} s"
        )
        self.stream.flush()

    def finish(self, now=None):
        if self.step is not None:
            self.times[self.step] = (now or time.perf_counter()) - self.step_started
            self.stream.write("\n")
            self.stream.flush()
            self.step = None


def parser():
    result = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    result.add_argument("-c", "--conf", required=True, help="the Odoo configuration file")
    result.add_argument("-d", "--database", required=True)
    sizes = (
        ("--files", 40000, "pathway files"),
        ("--years", 10, "years back from today"),
        ("--attendance", 400000, "attendance lines of the pathway modules"),
        ("--applications", 1000, "ILI applications"),
        ("--expenses", 30000, "expenses declared on the grants"),
        ("--sessions", 2000, "training sessions"),
        ("--registrations", 30000, "registrations to the sessions"),
        ("--plan-actions", 94, "actions of each local integration plan (two plans a CRI over ten years)"),
        ("--activities", 20000, "participation and awareness activities"),
        ("--meetings", 5000, "meetings of the platforms"),
        ("--seed", 1, "seed of the random choices: the same seed makes the same data"),
    )
    for option, default, text in sizes:
        result.add_argument(option, type=int, default=default, help=f"{text} (default {default})")
    return result


def main(argv=None):
    args = parser().parse_args(argv)
    if (
        min(
            args.files,
            args.attendance,
            args.applications,
            args.expenses,
            args.sessions,
            args.registrations,
            args.plan_actions,
            args.activities,
            args.meetings,
        )
        < 0
    ):
        parser().error("the sizes cannot be negative")
    if args.years < 1:
        parser().error("--years must be at least 1")
    # the configuration first: it puts the addons on the path the generators import from
    odoo.tools.config.parse_config(["-c", args.conf, "-d", args.database, "--log-level", "warn"])
    generator = load_generator()
    registry = Registry(args.database)
    bar = ProgressBar()
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        counts = generator.generate(
            env,
            files=args.files,
            years=args.years,
            attendance=args.attendance,
            applications=args.applications,
            expenses=args.expenses,
            sessions=args.sessions,
            registrations=args.registrations,
            seed=args.seed,
            progress=bar,
        )
        if "cri.coordination.plan" in env and "cri.reporting.coordination.action" in env:
            counts.update(
                generator.generate_coordination(
                    env,
                    years=args.years,
                    actions=args.plan_actions,
                    activities=args.activities,
                    meetings=args.meetings,
                    seed=args.seed,
                    progress=bar,
                )
            )
        bar.finish()
        cr.commit()
    # the statistics of the planner for the new rows, as autovacuum would keep them
    with registry.cursor() as cr:
        cr.execute("ANALYZE")
    elapsed = time.perf_counter() - start
    print(f"Created in database {args.database} (seed {args.seed}, {args.years} years):")
    for name, number in counts.items():
        print(f"  {name:<22} {number:>9}")
    print("Time by step:")
    for step, seconds in bar.times.items():
        print(f"  {step:<22} {seconds:9.1f} s")
    print(f"Total time: {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
