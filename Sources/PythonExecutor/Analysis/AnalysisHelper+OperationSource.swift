extension AnalysisHelper {
    /// Helper part 4: configured patterns and the channel reads and writes they match.
    static let operationSource = #"""
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
"""#
}
