extension AnalysisHelper {
    /// Helper part 1: parsing, the walk over the tree, import and alias resolution.
    static let coreSource = #"""
# pyexec static analysis, part 1: parsing, the walk, name resolution.
# Only ast.parse touches the analysed code; nothing of it is compiled to bytecode or run.
import ast as _ast
import json as _json
import posixpath as _posixpath
import re as _re
import warnings as _warnings

_MAX_PATH_PARTS = 12
_MAX_CANDIDATES = 32
_MAX_ROUNDS = 16


class _Facts:
    """Everything one walk over the tree collects."""

    def __init__(self, tree):
        self.tree = tree
        self.aliases = {}          # name -> {(dotted path, origin)}; origin 'import' or 'raw'
        self.import_bound = set()  # names bound by an import
        self.defined = set()       # names bound by def / class
        self.star_modules = []     # modules imported with `from m import *`
        self.imports = []          # (node, dotted path imported)
        self.assignments = []      # (target, value, how) with how in 'value', 'iter'
        self.calls = []            # ast.Call nodes
        self.attributes = []       # (ast.Attribute, is the func of a call)
        self.loads = []            # Name / Attribute nodes read
        self.inner = set()         # ids of loads that are part of a larger expression handled elsewhere
        self.results_assigned = False
        self.function_globals = {} # id(function) -> names declared global
        self.function_stores = {}  # id(function) -> names stored in it
        self.function_names = {}   # id(function) -> its name
        self.returns = {}          # function name -> expressions it returns


def _walk(facts):
    """One iterative pass (deep code must not exhaust the C stack)."""
    call_funcs = set()
    # (node, id of the enclosing function or class or None, inside a comprehension)
    stack = [(facts.tree, None, False)]
    while stack:
        node, function, comprehension = stack.pop()
        module_scope = function is None and not comprehension
        if isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef, _ast.ClassDef)):
            if function is None:
                facts.defined.add(node.name)
            if module_scope and node.name == 'results':
                facts.results_assigned = True
            scope = id(node)
            facts.function_names[scope] = node.name
            for child in node.decorator_list:
                stack.append((child, function, comprehension))
            if isinstance(node, _ast.ClassDef):
                for child in node.bases + [k.value for k in node.keywords]:
                    stack.append((child, function, comprehension))
            else:
                for child in _ast.iter_child_nodes(node.args):
                    stack.append((child, function, comprehension))
                if node.returns is not None:
                    stack.append((node.returns, function, comprehension))
            for child in node.body:
                stack.append((child, scope, False))
            continue
        if isinstance(node, _ast.Lambda):
            for child in _ast.iter_child_nodes(node.args):
                stack.append((child, function, comprehension))
            stack.append((node.body, id(node), False))
            continue
        if isinstance(node, (_ast.ListComp, _ast.SetComp, _ast.GeneratorExp, _ast.DictComp)):
            for generator in node.generators:
                facts.assignments.append((generator.target, generator.iter, 'iter'))
            for child in _ast.iter_child_nodes(node):
                stack.append((child, function, True))
            continue
        if isinstance(node, _ast.Return) and node.value is not None and function in facts.function_names:
            facts.returns.setdefault(facts.function_names[function], []).append(node.value)
        if isinstance(node, _ast.Global) and function is not None:
            facts.function_globals.setdefault(function, set()).update(node.names)
        elif isinstance(node, (_ast.Import, _ast.ImportFrom)):
            _collect_import(facts, node, module_scope)
        elif isinstance(node, _ast.Assign):
            if _reference_value(node.value) and all(isinstance(t, _ast.Name) for t in node.targets):
                facts.inner.add(id(node.value))    # an alias, followed by _follow_aliases
            for target in node.targets:
                facts.assignments.append((target, node.value, 'value'))
                if module_scope and _is_globals_results(target):
                    facts.results_assigned = True
        elif isinstance(node, _ast.AnnAssign):
            if node.value is not None:
                facts.assignments.append((node.target, node.value, 'value'))
            elif isinstance(node.target, _ast.Name):
                # `results: dict` alone binds nothing; do not let the Name below count.
                stack.append((node.annotation, function, comprehension))
                continue
        elif isinstance(node, _ast.AugAssign):
            facts.assignments.append((node.target, node.value, 'value'))
        elif isinstance(node, _ast.NamedExpr):
            facts.assignments.append((node.target, node.value, 'value'))
            if function is None and isinstance(node.target, _ast.Name) and node.target.id == 'results':
                facts.results_assigned = True  # a walrus in a comprehension binds the module scope
        elif isinstance(node, (_ast.For, _ast.AsyncFor)):
            facts.assignments.append((node.target, node.iter, 'iter'))
        elif isinstance(node, _ast.withitem) and node.optional_vars is not None:
            facts.assignments.append((node.optional_vars, node.context_expr, 'value'))
        elif isinstance(node, _ast.Call):
            facts.calls.append(node)
            call_funcs.add(id(node.func))
            facts.inner.add(id(node.func))
        elif isinstance(node, _ast.Name) and isinstance(node.ctx, _ast.Store):
            if module_scope and node.id == 'results':
                facts.results_assigned = True
            if function is not None:
                facts.function_stores.setdefault(function, set()).add(node.id)
        if isinstance(node, _ast.Attribute):
            facts.attributes.append((node, id(node) in call_funcs))
            facts.inner.add(id(node.value))
        if isinstance(node, (_ast.Name, _ast.Attribute)) and isinstance(node.ctx, _ast.Load):
            facts.loads.append(node)
        for child in _ast.iter_child_nodes(node):
            stack.append((child, function, comprehension))
    for function, names in facts.function_globals.items():
        if 'results' in names and 'results' in facts.function_stores.get(function, ()):
            facts.results_assigned = True


def _is_globals_results(target):
    return (isinstance(target, _ast.Subscript) and isinstance(target.value, _ast.Call)
            and isinstance(target.value.func, _ast.Name) and target.value.func.id == 'globals'
            and _literal(target.slice) == 'results')


def _collect_import(facts, node, module_scope):
    if isinstance(node, _ast.Import):
        for alias in node.names:
            facts.imports.append((node, alias.name))
            if alias.asname:
                bound, path = alias.asname, alias.name
            else:
                bound = path = alias.name.split('.')[0]
            _bind_import(facts, bound, path, module_scope)
        return
    module = '.' * (node.level or 0) + (node.module or '')
    for alias in node.names:
        if alias.name == '*':
            facts.star_modules.append(module)
            facts.imports.append((node, module))
            continue
        path = module + '.' + alias.name if module else alias.name
        facts.imports.append((node, path))
        _bind_import(facts, alias.asname or alias.name, path, module_scope)


def _bind_import(facts, bound, path, module_scope):
    facts.import_bound.add(bound)
    facts.aliases.setdefault(bound, set()).add((_normalise(path), 'import'))
    if module_scope and bound == 'results':
        facts.results_assigned = True


def _normalise(path):
    for prefix, replacement in (('builtins.', ''), ('__builtins__.', ''), ('posix.', 'os.')):
        if path.startswith(prefix):
            return replacement + path[len(prefix):]
    return {'builtins': 'builtins', 'posix': 'os'}.get(path, path)


def _literal(node):
    """The value of a string constant, else None."""
    if isinstance(node, _ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_builtin(facts, name):
    """Whether a bare name still means the builtin: not imported over, not redefined by def/class."""
    return name not in facts.import_bound and name not in facts.defined


def _resolve(facts, node, depth=0):
    """The dotted names an expression may stand for, as {(path, origin)}.

    origin is 'import' when the path starts at an imported module (or an alias of
    something imported), 'raw' when it is a bare name the code did not import
    (a builtin, a local variable), 'expr' when the base is not a name at all.
    """
    if depth > 64:
        return set()
    if isinstance(node, _ast.Name):
        if node.id == '__builtins__':
            return {('builtins', 'import')}
        found = set(facts.aliases.get(node.id, ()))
        if node.id not in facts.import_bound:
            found.add((node.id, 'raw'))
        for module in facts.star_modules:
            if node.id not in facts.aliases:
                found.add((_normalise(module + '.' + node.id), 'import'))
        return found
    if isinstance(node, _ast.Attribute):
        base = _resolve(facts, node.value, depth + 1)
        if not base:
            return {('?.' + node.attr, 'expr')}
        return {(_normalise(path + '.' + node.attr), origin) for path, origin in base
                if path.count('.') < _MAX_PATH_PARTS}
    if isinstance(node, _ast.Call):
        func = node.func
        if isinstance(func, _ast.Name) and func.id == 'getattr' and _is_builtin(facts, 'getattr') \
                and len(node.args) >= 2 and _literal(node.args[1]) is not None:
            return _resolve(facts, _ast.Attribute(value=node.args[0], attr=_literal(node.args[1])), depth + 1)
        if node.args and _literal(node.args[0]) is not None:
            callee = {path for path, _ in _resolve(facts, func, depth + 1)}
            if callee & {'importlib.import_module', '__import__', 'importlib.__import__'}:
                module = _literal(node.args[0])
                if 'importlib.import_module' not in callee:
                    module = module.split('.')[0]
                return {(_normalise(module), 'import')}
        return set()
    if isinstance(node, _ast.Subscript) and _literal(node.slice) is not None:
        base = {path for path, _ in _resolve(facts, node.value, depth + 1)}
        if 'sys.modules' in base:
            return {(_normalise(_literal(node.slice)), 'import')}
        if 'builtins.__dict__' in base or '__dict__' in base:
            return {(_normalise(_literal(node.slice)), 'raw')}
    return set()


def _reference_value(node):
    """Whether an assigned value is a plain reference worth following as an alias."""
    if isinstance(node, (_ast.Name, _ast.Attribute)):
        return True
    if isinstance(node, _ast.Subscript):
        return _literal(node.slice) is not None
    if isinstance(node, _ast.Call):
        return isinstance(node.func, _ast.Name) and node.func.id in ('getattr', '__import__') \
            or isinstance(node.func, _ast.Attribute) and node.func.attr == 'import_module'
    return False


def _follow_aliases(facts):
    """`x = os.system`, `e = eval`, `sp = subprocess`: x, e, sp stand for the right-hand side."""
    pairs = [(t.id, v) for t, v, how in facts.assignments
             if how == 'value' and isinstance(t, _ast.Name) and _reference_value(v)]
    for _ in range(_MAX_ROUNDS):
        changed = False
        for name, value in pairs:
            for candidate in _resolve(facts, value):
                found = facts.aliases.get(name, set())
                if candidate[1] != 'expr' and candidate not in found and len(found) < _MAX_CANDIDATES:
                    facts.aliases.setdefault(name, set()).add(candidate)
                    changed = True
        if not changed:
            break
"""#
}
