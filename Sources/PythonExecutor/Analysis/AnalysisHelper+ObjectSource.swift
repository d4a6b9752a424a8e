extension AnalysisHelper {
    /// Helper part 3: objects the code makes (PVs, devices, paths) and where they flow.
    static let objectSource = #"""
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
            found = set()
            for child in node.elts:
                found |= kinds(child)
            return found
        if isinstance(node, _ast.Dict):
            found = set()
            for child in node.values:
                found |= kinds(child)
            return found
        if isinstance(node, (_ast.ListComp, _ast.SetComp, _ast.GeneratorExp)):
            return kinds(node.elt)
        if isinstance(node, _ast.DictComp):
            return kinds(node.value)
        if isinstance(node, _ast.IfExp):
            return kinds(node.body) | kinds(node.orelse)
        if isinstance(node, _ast.BoolOp):
            found = set()
            for child in node.values:
                found |= kinds(child)
            return found
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
"""#
}
