"""What the benchmarks share: counting the queries of a call and timing it, the fields a list
view asks for, and the ratios of the largest size to the smallest."""

import argparse
import json
import time

from lxml import etree


def count(cr):
    return cr.sql_log_count


def measure(env, call, repeat):
    """Queries of one call (after a first one that warms the caches) and its best time."""
    call()
    best, queries = None, None
    for _run in range(repeat):
        env.invalidate_all()
        before, start = count(env.cr), time.perf_counter()
        call()
        env.flush_all()
        elapsed = time.perf_counter() - start
        queries = count(env.cr) - before
        best = elapsed if best is None else min(best, elapsed)
    return queries, best


def list_specification(model, view_id=None, view_type="list"):
    """The fields of a list (or calendar) view, as the web client asks for them."""
    arch = model.get_views([(view_id, view_type)])["views"][view_type]["arch"]
    names = dict.fromkeys(etree.fromstring(arch).xpath(f"/{view_type}/field/@name"))
    return {
        name: ({"fields": {"display_name": {}}} if model._fields[name].type == "many2one" else {})
        for name in names
    }


def ratios(results, keys):
    """``{key: largest / smallest}`` for each measured key."""
    small, large = results[0], results[-1]
    return {key: (large[key] / small[key] if small[key] else float("nan")) for key in keys}


def parser(description, sizes, sizes_help):
    """The command line every benchmark shares: the Odoo configuration, the database, the sizes
    and where to write the results."""
    result = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    result.add_argument("-c", "--conf", required=True)
    result.add_argument("-d", "--database", required=True)
    result.add_argument("--sizes", type=int, nargs="+", default=sizes, help=sizes_help)
    result.add_argument("--json", help="write the results there too")
    return result


def publish(results, text, json_path=None):
    """Print the report and write the results to ``json_path`` when given."""
    print(text)
    if json_path:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
