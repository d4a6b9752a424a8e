extension AnalysisHelper {
    /// Helper part 2: security findings (code execution, processes, native code, dynamic imports).
    static let securitySource = #"""
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

"""#
}
