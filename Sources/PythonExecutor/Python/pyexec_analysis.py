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

# pyexec static analysis, part 2: security findings.
_CODE_EXECUTION = {'exec', 'eval', 'compile', 'runpy.run_path', 'runpy.run_module',
                   'code.interact', 'code.InteractiveConsole', 'code.InteractiveInterpreter'}
_DYNAMIC_IMPORT = {'__import__', 'importlib.__import__'}
_PROCESS_CALLS = {'os.system', 'os.popen', 'os.fork', 'os.forkpty', 'os.posix_spawn', 'os.posix_spawnp',
                  'pty.spawn', 'pty.fork', 'asyncio.create_subprocess_exec', 'asyncio.create_subprocess_shell',
                  'asyncio.subprocess'}
_PROCESS_PREFIXES = ('os.exec', 'os.spawn')
_PROCESS_MODULES = {'subprocess'}
_NATIVE_MODULES = {'ctypes', '_ctypes', 'cffi'}
_SENSITIVE_MODULES = {'os', 'builtins', 'subprocess', 'importlib', 'ctypes', 'sys', 'runpy', 'pty'}

_DESCRIPTIONS = {
    'code_execution': 'runs code built at run time',
    'dynamic_import': 'imports a module chosen at run time, which cannot be checked',
    'process_execution': 'starts an operating-system process or shell command',
    'native_code': 'gives the code raw access to native memory and C functions',
    'dynamic_attribute': 'looks up a name on a sensitive module with a name computed at run time',
}


def _dangerous_kind(path, origin, facts):
    """The finding kind for a resolved dotted name, or None when it is harmless."""
    if origin == 'expr':
        return None
    root = path.split('.')[0]
    if origin == 'raw':
        # A bare name the code did not import: only the builtins themselves count.
        if path != root or not _is_builtin(facts, root):
            return None
    if path in _CODE_EXECUTION:
        return 'code_execution'
    if path in _DYNAMIC_IMPORT:
        return 'dynamic_import'
    if root in _PROCESS_MODULES or path in _PROCESS_CALLS or path.startswith(_PROCESS_PREFIXES) \
            or path.startswith('asyncio.subprocess.'):
        return 'process_execution'
    if root in _NATIVE_MODULES:
        return 'native_code'
    return None


class _Findings:
    def __init__(self):
        self.items = []
        self.seen = set()

    def add(self, kind, node, name, severity='error', message=None):
        line = getattr(node, 'lineno', 0)
        key = (kind, line, name)
        if key in self.seen:
            return
        self.seen.add(key)
        text = message or '`%s` %s' % (name, _DESCRIPTIONS[kind])
        self.items.append({'kind': kind, 'severity': severity, 'line': line,
                           'column': getattr(node, 'col_offset', -1) + 1, 'name': name,
                           'message': 'line %d: %s' % (line, text)})


def _first_dangerous(facts, node):
    for path, origin in sorted(_resolve(facts, node)):
        kind = _dangerous_kind(path, origin, facts)
        if kind:
            return kind, path
    return None


def _security(facts):
    findings = _Findings()
    for node, path in facts.imports:
        kind = _dangerous_kind(_normalise(path), 'import', facts)
        if kind:
            findings.add(kind, node, _normalise(path))
    # A second iterative pass: each reference is judged as a whole (`os.system`, not `os`),
    # and what it contains is not judged again once it was flagged.
    stack = [facts.tree]
    while stack:
        node = stack.pop()
        children = list(_ast.iter_child_nodes(node))
        if isinstance(node, _ast.Call):
            children = _security_call(facts, findings, node)
        elif isinstance(node, (_ast.Name, _ast.Attribute, _ast.Subscript)) and isinstance(node.ctx, _ast.Load):
            hit = _first_dangerous(facts, node)
            if hit:
                findings.add(hit[0], node, hit[1])
                children = [node.slice] if isinstance(node, _ast.Subscript) else []
            elif _resolves_to(facts, node, {'importlib.import_module'}):
                findings.add('dynamic_import', node, 'importlib.import_module')
                children = []
        stack.extend(reversed(children))
    return findings


def _resolves_to(facts, node, names):
    return any(path in names and origin == 'import' for path, origin in _resolve(facts, node))


def _security_call(facts, findings, node):
    """Judges a call; returns the children still to look at."""
    arguments = list(node.args) + [k.value for k in node.keywords]
    func = node.func
    if _resolves_to(facts, func, {'importlib.import_module'}):
        module = _literal(node.args[0]) if node.args else None
        if module is None:
            findings.add('dynamic_import', node, 'importlib.import_module')
        else:
            kind = _dangerous_kind(_normalise(module), 'import', facts)
            if kind:
                findings.add(kind, node, _normalise(module))
        return arguments
    if isinstance(func, _ast.Name) and func.id == 'getattr' and _is_builtin(facts, 'getattr') and len(node.args) >= 2:
        if _literal(node.args[1]) is not None:
            hit = _first_dangerous(facts, node)
            if hit:
                findings.add(hit[0], node, hit[1])
                return arguments[2:]
        else:
            sensitive = sorted(path for path, origin in _resolve(facts, node.args[0])
                               if origin == 'import' and path in _SENSITIVE_MODULES)
            if sensitive:
                findings.add('dynamic_attribute', node, sensitive[0])
        return [func] + arguments
    return [func] + arguments


# pyexec static analysis, part 3: objects the code makes (PV(...), DeviceProxy(...), Path(...)).
_CHANNEL_KEYWORDS = ('pvname', 'pv', 'pv_name', 'pvnames', 'channel', 'channel_name', 'channels',
                     'name', 'names', 'device_name', 'dev_name', 'attr_name')
_ATTRIBUTE_METHODS = {'write_attribute', 'read_attribute', 'write_attributes', 'read_attributes',
                      'write_read_attribute', 'write_read_attributes'}
_PASS_THROUGH = {'list', 'tuple', 'set', 'sorted', 'reversed', 'iter', 'enumerate', 'zip', 'dict', 'values',
                 'items', 'copy', 'deepcopy', 'chain'}
_PATH_FACTORIES = ('Path', 'PurePath', 'PosixPath', 'PurePosixPath', 'WindowsPath', 'PureWindowsPath')


class _Objects:
    """Which variables hold objects made by a factory call (PV(...), DeviceProxy(...), Path(...)).

    kinds(expr) -> {(factory path, channel or None)}; flow- and scope-insensitive, so a name
    that ever held a PV is treated as a PV everywhere (it over-reports, never under-reports).
    """

    def __init__(self, facts, factories):
        self.facts = facts
        self.factories = factories          # tuples of name parts, e.g. ('PV',), ('epics', 'PV')
        self.held = {}                      # dotted target ('pv', 'self.pv') -> {(factory, channel)}
        self._expanding = set()             # functions whose returns are being looked at
        self._propagate()

    def _key(self, node):
        if isinstance(node, _ast.Name):
            return node.id
        if isinstance(node, _ast.Attribute):
            base = self._key(node.value)
            return base + '.' + node.attr if base else None
        return None

    def _factory(self, call):
        """The factory a call goes through: its imported path (`epics.PV`), else its last name (`get_pvs`)."""
        candidates = sorted(_resolve(self.facts, call.func), key=lambda c: (c[1] != 'import', c[0]))
        for path, origin in candidates:
            for parts in self.factories:
                if _ends_with(path, parts):
                    return path if origin == 'import' else '.'.join(path.split('.')[-len(parts):])
        return None

    def kinds(self, node, depth=0):
        if depth > 48:
            return set()
        kinds = lambda child: self.kinds(child, depth + 1)
        if isinstance(node, _ast.Call):
            factory = self._factory(node)
            if factory is not None:
                if factory.split('.')[-1] in _PATH_FACTORIES:
                    return {(factory, _path_value(self, node))}
                return {(factory, _factory_channel(node))}
            func = node.func
            name = func.attr if isinstance(func, _ast.Attribute) else getattr(func, 'id', None)
            if isinstance(func, _ast.Attribute) and func.attr == 'joinpath':
                return {(f, _path_value(self, node)) for f, _ in kinds(func.value) if _is_path_factory(f)}
            if isinstance(func, _ast.Attribute) and func.attr in ('home', 'cwd') \
                    and _path_value(self, func.value) == '.':
                return {('pathlib.Path', '~' if func.attr == 'home' else '.')}
            if name in self.facts.returns and name not in self._expanding:
                # `def make(n): return PV(n)` makes `make` a factory too.
                self._expanding.add(name)
                try:
                    found = set()
                    for value in self.facts.returns[name]:
                        found |= {(f, None) for f, _ in kinds(value)}
                finally:
                    self._expanding.discard(name)
                if found:
                    return found
            if name in _PASS_THROUGH:
                found = set()
                for child in list(node.args) + ([func.value] if isinstance(func, _ast.Attribute) else []):
                    found |= {(f, None) for f, _ in kinds(child)}
                return found
            return set()
        if isinstance(node, (_ast.Name, _ast.Attribute)):
            return set(self.held.get(self._key(node), ()))
        if isinstance(node, _ast.Subscript):
            return {(f, None) for f, _ in kinds(node.value)}
        if isinstance(node, (_ast.List, _ast.Tuple, _ast.Set)):
            return set().union(*map(kinds, node.elts))
        if isinstance(node, _ast.Dict):
            return set().union(*map(kinds, node.values))
        if isinstance(node, (_ast.ListComp, _ast.SetComp, _ast.GeneratorExp)):
            return kinds(node.elt)
        if isinstance(node, _ast.DictComp):
            return kinds(node.value)
        if isinstance(node, _ast.IfExp):
            return kinds(node.body) | kinds(node.orelse)
        if isinstance(node, _ast.BoolOp):
            return set().union(*map(kinds, node.values))
        if isinstance(node, (_ast.NamedExpr, _ast.Await, _ast.Starred)):
            return kinds(node.value)
        if isinstance(node, _ast.BinOp) and isinstance(node.op, _ast.Div):
            return {(f, _path_value(self, node)) for f, _ in kinds(node.left) if _is_path_factory(f)}
        return set()

    def _bind(self, target, value, how, found):
        if isinstance(target, _ast.Starred):
            target = target.value
        if isinstance(target, (_ast.Name, _ast.Attribute)):
            key = self._key(target)
            if key is None:
                return False
            if how == 'iter':
                found = {(f, None) for f, _ in found}
            held = self.held.setdefault(key, set())
            new = found - held
            held |= new
            return bool(new)
        if isinstance(target, _ast.Subscript):   # pvs['A'] = PV('A'): pvs holds PVs
            return self._bind(target.value, value, 'value', {(f, None) for f, _ in found})
        if isinstance(target, (_ast.Tuple, _ast.List)):
            changed = False
            elements = target.elts
            if how == 'value' and isinstance(value, (_ast.Tuple, _ast.List)) and len(value.elts) == len(elements):
                for element, part in zip(elements, value.elts):
                    changed |= self._bind(element, part, 'value', self.kinds(part))
                return changed
            channels = [_literal(a) for a in value.args] if how == 'value' and isinstance(value, _ast.Call) else []
            for index, element in enumerate(elements):
                part = {(f, channels[index] if len(channels) == len(elements) else None) for f, _ in found}
                changed |= self._bind(element, value, 'value', part)
            return changed
        return False

    def _propagate(self):
        for _ in range(_MAX_ROUNDS):
            changed = False
            for target, value, how in self.facts.assignments:
                found = self.kinds(value)
                if found:
                    changed |= self._bind(target, value, how, found)
            if not changed:
                break


def _is_path_factory(factory):
    return factory.split('.')[-1] in _PATH_FACTORIES


def _channel_literals(call):
    """String literals naming channels: the first argument (or a list/tuple/dict of them) or a keyword."""
    node = call.args[0] if call.args else None
    if node is None:
        for keyword in call.keywords:
            if keyword.arg in _CHANNEL_KEYWORDS:
                node = keyword.value
                break
    if node is None:
        return []
    if _literal(node) is not None:
        return [_literal(node)]
    if isinstance(node, (_ast.List, _ast.Tuple)):
        items = []
        for element in node.elts:
            if isinstance(element, (_ast.Tuple, _ast.List)) and element.elts:
                element = element.elts[0]      # write_attributes([('attr', value), ...])
            if _literal(element) is not None:
                items.append(_literal(element))
        return items
    if isinstance(node, _ast.Dict):
        return [_literal(k) for k in node.keys if _literal(k) is not None]
    return []


def _factory_channel(call):
    """The channel a factory call names: `PV('X')` -> 'X'; `get_pvs('A', 'B')` names several, so None."""
    positional = [_literal(a) for a in call.args]
    if len(positional) > 1 and None not in positional:
        return None
    channels = _channel_literals(call)
    return channels[0] if len(channels) == 1 else None


def _path_value(objects, node, depth=0):
    """The literal path an expression builds (`'/a'`, `Path('/a') / 'b'`, `os.path.join('/a', 'b')`), else None."""
    if depth > 32:
        return None
    value = lambda child: _path_value(objects, child, depth + 1)
    if _literal(node) is not None:
        return _literal(node)
    if isinstance(node, _ast.Call):
        func = node.func
        callees = {p[2:] if p.startswith('?.') else p for p, _ in _resolve(objects.facts, func)}
        parts = [value(a) for a in node.args]
        if isinstance(func, _ast.Attribute) and func.attr == 'joinpath':
            base = value(func.value)
            return None if base is None or None in parts else _posixpath.join(base, *parts)
        if any(_is_path_factory(c) for c in callees) or 'os.path.join' in callees:
            if not parts:
                return '.'
            return None if None in parts else _posixpath.join(*parts)
        if callees & {'str', 'os.fspath', 'os.path.abspath', 'os.path.expanduser', 'os.path.normpath'} and parts:
            return parts[0]
        if isinstance(func, _ast.Attribute) and func.attr in ('home', 'cwd') and value(func.value) == '.':
            return '~' if func.attr == 'home' else '.'
        return None
    if isinstance(node, _ast.BinOp) and isinstance(node.op, _ast.Div):
        left, right = value(node.left), value(node.right)
        return None if left is None or right is None else _posixpath.join(left, right)
    if isinstance(node, (_ast.Name, _ast.Attribute)):
        if any(_is_path_factory(p) for p, _ in _resolve(objects.facts, node)):
            return '.'          # the class itself, as in `Path.home()`
        paths = {c for f, c in objects.held.get(objects._key(node), ()) if _is_path_factory(f)}
        return paths.pop() if len(paths) == 1 else None
    return None

# pyexec static analysis, part 4: configured patterns and the channel reads and writes they match.

def _parse_pattern(raw):
    """A configured pattern as (parts, any_receiver), or None when it names nothing.

    Accepts names (`caput`, `epics.caput`, `PV.put`) and the reference's regular-expression
    spellings (`\\bcaput\\s*\\(`, `PV\\([^)]*\\)\\.put`, `\\.write_channel\\(`).
    """
    text = str(raw).strip()
    for junk in ('\\([^)]*\\)', '([^)]*)', '\\(.*\\)', '(.*)', '(...)', '()'):
        text = text.replace(junk, '')
    for junk in ('\\b', '\\s*', '\\s+', '^', '$'):
        text = text.replace(junk, '')
    text = text.replace('\\.', '.').replace('\\(', '(').rstrip('(').strip()
    any_receiver = text.startswith('.')
    parts = text.lstrip('.').split('.')
    if not all(part.isidentifier() for part in parts):
        return None
    return tuple(parts), any_receiver


def _ends_with(path, parts):
    components = path.split('.')
    return len(components) >= len(parts) and tuple(components[-len(parts):]) == parts


def _receiver_channel(kinds):
    channels = {channel for _, channel in kinds}
    return channels.pop() if len(channels) == 1 else None


class _Operations:
    """Found operations of one role (writes or reads), without duplicates."""

    def __init__(self):
        self.items = []
        self.seen = set()

    def add(self, function, pattern, node, channel):
        key = (function, node.lineno, node.col_offset, channel)
        if key not in self.seen:
            self.seen.add(key)
            self.items.append({'function': function, 'pattern': pattern, 'line': node.lineno,
                               'column': node.col_offset + 1, 'channel': channel})


def _match_call(facts, objects, call, patterns, operations):
    func = call.func
    candidates = sorted(_resolve(facts, func), key=lambda c: (c[1] != 'import', c[1] != 'raw', c[0]))
    paths = [p[2:] if p.startswith('?.') else p for p, _ in candidates]
    method = func.attr if isinstance(func, _ast.Attribute) else None
    receiver = objects.kinds(func.value) if method else set()
    for (parts, any_receiver), raw in patterns:
        if any_receiver:
            hit = (paths[0] if paths else method) if method == parts[-1] else None
        elif len(parts) == 1:
            hit = next((p for p in paths if p.split('.')[-1] == parts[0]), None)
        else:
            hit = next((p for p in paths if _ends_with(p, parts)), None)
        if hit:
            for channel in (_channel_literals(call) or [None]):
                operations.add(hit, raw, call, channel)
            continue
        owners = {(f, c) for f, c in receiver if len(parts) > 1 and _ends_with(f, parts[:-1])}
        if method == parts[-1] and owners:
            _add_object_operation(operations.add, raw, call, method, owners)


def _match_reference(facts, node, patterns, operations):
    """A function named by a pattern taken as a value (`executor.submit(caput, 'X', 1)`)."""
    paths = [p for p, o in _resolve(facts, node) if o != 'expr']
    for (parts, any_receiver), raw in patterns:
        if any_receiver:
            continue
        hit = next((p for p in paths if _ends_with(p, parts)), None)
        if hit:
            operations.add(hit, raw, node, None)


def _match_attribute(objects, node, patterns, operations):
    """`pv.value = 3`, `x = pv.value`, or a method taken without calling it (`f = pv.put`)."""
    hit = False
    for (parts, _), raw in patterns:
        if len(parts) < 2 or node.attr != parts[-1]:
            continue
        owners = {(f, c) for f, c in objects.kinds(node.value) if _ends_with(f, parts[:-1])}
        if owners:
            _add_object_operation(operations.add, raw, node, node.attr, owners)
            hit = True
    return hit


def _operations(facts, objects, write_patterns, read_patterns):
    """Every call or attribute access matching the patterns, as (writes, reads).

    An attribute stored to is a write; one loaded is a read when a read pattern names it,
    else a write when a write pattern does (a method taken as a value may be called later).
    """
    writes, reads = _Operations(), _Operations()
    for call in facts.calls:
        _match_call(facts, objects, call, write_patterns, writes)
        _match_call(facts, objects, call, read_patterns, reads)
    for node, is_call in facts.attributes:
        if is_call:
            continue
        if isinstance(node.ctx, _ast.Store):
            _match_attribute(objects, node, write_patterns, writes)
        elif isinstance(node.ctx, _ast.Load) and not _match_attribute(objects, node, read_patterns, reads):
            _match_attribute(objects, node, write_patterns, writes)
    for node in facts.loads:
        if id(node) not in facts.inner:
            _match_reference(facts, node, write_patterns, writes)
            _match_reference(facts, node, read_patterns, reads)
    return writes.items, reads.items


def _add_object_operation(add, raw, node, method, owners):
    factory = sorted(f for f, _ in owners)[0].replace('?.', '')
    channel = _receiver_channel(owners)
    if method in _ATTRIBUTE_METHODS and isinstance(node, _ast.Call):
        # Tango names an attribute as `device/attribute`; without a literal attribute there is no channel.
        for attribute in _channel_literals(node) or [None]:
            add(factory + '.' + method, raw, node, channel + '/' + attribute if channel and attribute else None)
        return
    add(factory + '.' + method, raw, node, channel)

# pyexec static analysis, part 5: files written outside the execution folder, and the entry point.
_OPEN_FUNCTIONS = {'open', 'io.open', 'codecs.open', 'gzip.open', 'bz2.open', 'lzma.open'}
# Functions that change the file system, with the positions (and keywords) of the paths they change.
_FILE_FUNCTIONS = {
    'os.remove': (0,), 'os.unlink': (0,), 'os.rmdir': (0,), 'os.removedirs': (0,), 'os.mkdir': (0,),
    'os.makedirs': (0,), 'os.rename': (0, 1), 'os.replace': (0, 1), 'os.renames': (0, 1), 'os.chmod': (0,),
    'os.truncate': (0,), 'os.symlink': (1,), 'os.link': (1,), 'shutil.rmtree': (0,), 'shutil.copy': (1,),
    'shutil.copy2': (1,), 'shutil.copyfile': (1,), 'shutil.copytree': (1,), 'shutil.move': (0, 1),
    'numpy.save': (0,), 'numpy.savez': (0,), 'numpy.savez_compressed': (0,), 'numpy.savetxt': (0,),
}
_PATH_KEYWORDS = ('path', 'path_or_buf', 'fname', 'file', 'filename', 'excel_writer', 'dst', 'target')
# Methods that write their first argument (pandas, matplotlib, numpy), whatever the receiver.
_SAVE_METHODS = {'to_csv', 'to_json', 'to_parquet', 'to_excel', 'to_pickle', 'to_hdf', 'to_feather',
                 'to_stata', 'to_orc', 'savefig', 'tofile', 'to_netcdf', 'to_zarr'}
# pathlib methods that write the path they are called on.
_PATH_WRITE_METHODS = {'write_text', 'write_bytes', 'touch', 'mkdir', 'unlink', 'rmdir', 'rename',
                       'replace', 'symlink_to', 'hardlink_to', 'chmod'}
_WRITE_MODE = set('wax+')
_LONE_SURROGATE = _re.compile('[\ud800-\udfff]')


def _outside(path, folder):
    """Whether a literal path lands outside the execution folder (relative paths start in it)."""
    if path == '/dev/null':
        return False
    if path.startswith('~'):
        return True
    if folder:
        base = _posixpath.normpath(folder)
        full = _posixpath.normpath(_posixpath.join(base, path))
        return not (base == '/' or full == base or full.startswith(base + '/'))
    if _posixpath.isabs(path):
        return True
    normal = _posixpath.normpath(path)
    return normal == '..' or normal.startswith('../')


def _argument(call, index, keywords):
    if index < len(call.args):
        return call.args[index]
    for keyword in call.keywords:
        if keyword.arg in keywords:
            return keyword.value
    return None


def _mode_writes(call, index):
    """True / False for a literal mode, None when the mode is computed at run time."""
    mode = _argument(call, index, ('mode',))
    if mode is None:
        return False
    text = _literal(mode)
    return None if text is None else bool(_WRITE_MODE & set(text))


def _is_relative(path):
    return not (path.startswith('~') or _posixpath.isabs(path))


def _file_writes(facts, objects, folder, findings, relative_in_folder=True):
    for call in facts.calls:
        func = call.func
        paths = {p for p, o in _resolve(facts, func) if not (o == 'raw' and p == 'open' and not _is_builtin(facts, 'open'))}
        method = func.attr if isinstance(func, _ast.Attribute) else None
        on_path = method is not None and any(_is_path_factory(f) for f, _ in objects.kinds(func.value))
        targets = []                                      # (path expression, True if surely a write)
        if paths & _OPEN_FUNCTIONS and not on_path:
            writes = _mode_writes(call, 1)
            if writes is not False:
                targets.append((_argument(call, 0, ('file', 'filename')), writes))
        for name in paths:
            for index in _FILE_FUNCTIONS.get(name, ()):
                targets.append((_argument(call, index, _PATH_KEYWORDS), True))
        if method in _SAVE_METHODS:
            targets.append((_argument(call, 0, _PATH_KEYWORDS), True))
        if on_path:
            if method in _PATH_WRITE_METHODS or (method == 'open' and _mode_writes(call, 0) is not False):
                targets.append((func.value, method != 'open' or _mode_writes(call, 0)))
            if method in ('rename', 'replace', 'symlink_to', 'hardlink_to') and call.args:
                targets.append((call.args[0], True))
        for target, certain in targets:
            if target is None:
                continue
            path = _path_value(objects, target)
            verb = 'writes to' if certain else 'may write to'
            if path is not None and not relative_in_folder and path != '/dev/null' and _is_relative(path):
                where = "the execution folder '%s'" % folder if folder else 'the execution folder'
                findings.add('file_write', call, path, severity='warning',
                             message="%s the relative path '%s': an in-process run keeps the host's working "
                                     "directory, so it lands there, not in %s; use an absolute path, or return "
                                     "the data in `results`" % (verb, path, where))
            elif path is not None and _outside(path, folder):
                where = "the execution folder '%s'" % folder if folder else 'the working folder'
                findings.add('file_write', call, path, severity='warning',
                             message="%s '%s', outside %s" % (verb, path, where))


def analyze(code, configuration_json):
    """Analyses `code` without running it; returns the facts as a JSON text."""
    configuration = _json.loads(configuration_json)
    report = {'syntax_error': None, 'findings': [], 'writes': [], 'reads': [], 'assigns_results': False,
              'notes': [], 'analysis_error': None}
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter('always')
        try:
            tree = _ast.parse(code, filename='<generated>', mode='exec')
        except SyntaxError as error:
            report['syntax_error'] = {'line': error.lineno or 0, 'column': error.offset or 0,
                                      'message': error.msg or str(error),
                                      'text': (error.text or '').rstrip('\n') or None}
            tree = None
        except ValueError as error:       # NUL bytes in the source
            report['syntax_error'] = {'line': code[:code.find('\x00')].count('\n') + 1 if '\x00' in code else 0,
                                      'column': 0, 'message': str(error), 'text': None}
            tree = None
        except (RecursionError, MemoryError) as error:
            report['analysis_error'] = 'the code is nested too deeply to parse (%s)' % type(error).__name__
            tree = None
    for warning in caught:
        report['notes'].append('line %s: %s: %s' % (warning.lineno, warning.category.__name__, warning.message))
    if tree is not None:
        try:
            _analyze_tree(tree, configuration, report)
        except (RecursionError, MemoryError) as error:
            report['analysis_error'] = 'the code is nested too deeply to analyse (%s)' % type(error).__name__
    # Literals may hold lone surrogates, which no UTF-8 text (and no Swift string) can carry.
    return _LONE_SURROGATE.sub('\ufffd', _json.dumps(report, ensure_ascii=False))


def _analyze_tree(tree, configuration, report):
    facts = _Facts(tree)
    _walk(facts)
    _follow_aliases(facts)
    patterns = {}
    for role in ('write', 'read'):
        parsed = []
        for raw in configuration.get(role + '_patterns', []):
            pattern = _parse_pattern(raw)
            if pattern is None:
                report['notes'].append("ignored %s pattern '%s': it names no function or method" % (role, raw))
            else:
                parsed.append((pattern, raw))
        patterns[role] = parsed
    factories = {parts[:-1] for (parts, _), _ in patterns['write'] + patterns['read'] if len(parts) > 1}
    factories |= {(name,) for name in _PATH_FACTORIES}
    objects = _Objects(facts, factories)
    findings = _security(facts)
    _file_writes(facts, objects, configuration.get('execution_folder'), findings,
                 configuration.get('relative_paths_in_folder', True))
    report['findings'] = sorted(findings.items, key=lambda f: (f['line'], f['column'], f['kind']))
    writes, reads = _operations(facts, objects, patterns['write'], patterns['read'])
    report['writes'] = sorted(writes, key=lambda o: (o['line'], o['column']))
    report['reads'] = sorted(reads, key=lambda o: (o['line'], o['column']))
    report['assigns_results'] = facts.results_assigned
