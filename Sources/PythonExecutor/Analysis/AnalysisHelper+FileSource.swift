extension AnalysisHelper {
    /// Helper part 5: files written outside the execution folder, and the entry point `analyze`.
    static let fileSource = #"""
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
"""#
}
