"""What the benchmarks share: counting the queries of a call and timing it, the fields a list
view asks for, and the ratios of the largest size to the smallest."""

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
