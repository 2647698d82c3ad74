"""No import cycles anywhere in the three packages.

import-linter checks the layers (``lint-imports`` in ``make test``); this checks what a layers
contract cannot: that no group of modules imports itself round, even inside one layer. A cycle
works only by import order, and the next change that reorders an import breaks start-up.
"""

from __future__ import annotations

import grimp

PACKAGES = ("kiosk", "drivers", "pointsapi")


def strongly_connected_components(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over direct module imports (iterative: the graph has hundreds of
    modules and Python's recursion limit is not ours to spend)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0

    for root in sorted(graph.modules):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = []
        index[root] = lowlink[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, sorted(graph.find_modules_directly_imported_by(root))))
        while work:
            node, targets = work[-1]
            if targets:
                target = targets.pop()
                if target not in index:
                    index[target] = lowlink[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, sorted(graph.find_modules_directly_imported_by(target))))
                elif target in on_stack:
                    lowlink[node] = min(lowlink[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[node])
            if lowlink[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def cycles_in(graph: grimp.ImportGraph) -> list[list[str]]:
    found = []
    for component in strongly_connected_components(graph):
        if len(component) > 1:
            found.append(sorted(component))
    return sorted(found)


def test_the_cycle_finder_sees_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert cycles_in(graph) == [["a.x", "a.y"]]


def test_no_import_cycles_in_kiosk_drivers_or_pointsapi() -> None:
    # Imports under TYPE_CHECKING count too: a cycle that only the type checker sees is still
    # two modules that each need the other to be understood.
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    cycles = cycles_in(graph)
    report = "\n".join(" <-> ".join(cycle) for cycle in cycles)
    assert not cycles, f"import cycles:\n{report}"
