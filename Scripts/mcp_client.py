"""Drives `pyexec mcp` with the reference Python MCP client (package `mcp`) over stdio.

    python Scripts/mcp_client.py SCENARIO PYEXEC [PYEXEC-MCP-ARGS...]

Starts `PYEXEC mcp ARGS...`, plays one scenario and prints what it observed as one
JSON object on stdout (the Swift tests check it). `bench` times warm trivial calls.
"""

import asyncio
import base64
import io
import json
import os
import sys
import time

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp_types import ElicitResult


def call_record(result):
    """A tool result as plain data: kinds of content, text, images' PNG check, structured content."""
    record = {"is_error": bool(result.is_error), "kinds": [c.type for c in result.content], "text": "", "images": []}
    for content in result.content:
        if content.type == "text":
            record["text"] += content.text
        elif content.type == "image":
            png = base64.b64decode(content.data)
            image = {"mime": content.mime_type, "png_signature": png[:8] == b"\x89PNG\r\n\x1a\n"}
            try:
                from PIL import Image

                with Image.open(io.BytesIO(png)) as decoded:
                    decoded.load()
                    image["size"] = list(decoded.size)
            except Exception as error:  # noqa: BLE001 - reported to the test
                image["decode_error"] = repr(error)
            record["images"].append(image)
    record["structured"] = result.structured_content
    return record


async def protocol_error(coroutine):
    """The JSON-RPC error a call raised, as {code, message}, or None when it answered."""
    try:
        await coroutine
    except Exception as error:  # noqa: BLE001 - the client raises MCPError for error responses
        data = getattr(error, "error", None)
        return {"code": getattr(data, "code", None), "message": getattr(data, "message", str(error))}
    return None


async def scenario_basics(session, out):
    out["server"] = session.initialize_result.server_info.name
    tools = await session.list_tools()
    out["tools"] = {tool.name: tool.input_schema for tool in tools.tools}
    code = (
        "import numpy as np\nimport matplotlib.pyplot as plt\n"
        "a = np.arange(5.0)\nplt.plot(a, a ** 2)\nprint('mean is', a.mean())\n"
        "results = {'mean': a.mean(), 'squares': a ** 2, 'n': np.int64(5)}\n"
    )
    out["numpy"] = call_record(await session.call_tool("run_python", {"code": code}))
    out["analysis"] = call_record(await session.call_tool("analyze_python", {"code": "import subprocess\nresults = {}"}))


async def scenario_sessions(session, out):
    async def run(code, **extra):
        return call_record(await session.call_tool("run_python", {"code": code, **extra}))

    out["define"] = await run("x = 41\nresults = {'defined': True}", session="s1", isolation="process")
    out["use"] = await run("results = {'x': x + 1}", session="s1")
    out["no_stale_results"] = await run("y = 1", session="s1")
    out["other"] = await run("results = {'has_x': 'x' in globals()}", session="s2", isolation="in_process")
    out["inproc_define"] = await run("z = 7\nresults = {}", session="s2")
    out["inproc_use"] = await run("results = {'z': z}", session="s2")
    out["listed"] = call_record(await session.call_tool("list_sessions", {}))
    out["reset"] = call_record(await session.call_tool("reset_session", {"session": "s1"}))
    out["after_reset"] = await run("results = {'x': x}", session="s1")
    out["reset_unknown"] = await protocol_error(session.call_tool("reset_session", {"session": "nope"}))


async def scenario_errors(session, out):
    out["exception"] = call_record(await session.call_tool("run_python", {"code": "def f():\n    return 1 / 0\nf()\n"}))
    started = time.monotonic()
    out["timeout"] = call_record(await session.call_tool("run_python", {"code": "while True:\n    pass\n", "timeout": 1}))
    out["timeout_seconds"] = time.monotonic() - started
    out["after"] = call_record(await session.call_tool("run_python", {"code": "results = {'alive': True}"}))


# Code that tries to kill the processes above it, found through /proc: its worker, then the server.
KILL_ANCESTORS = """
import os, signal
def parent_of(pid):
    for line in open(f'/proc/{pid}/status'):
        if line.startswith('PPid:'):
            return int(line.split()[1])
worker = parent_of('self')
server = parent_of(worker)
hit = []
for target in (worker, server):
    try:
        os.kill(target, signal.SIGKILL)
        hit.append(target)
    except OSError:
        pass
results = {'hit': hit, 'parent': os.getppid(), 'server': server}
"""


async def scenario_hostile(session, out):
    out["run"] = call_record(await session.call_tool("run_python", {"code": KILL_ANCESTORS}))
    out["session"] = call_record(await session.call_tool("run_python", {"code": KILL_ANCESTORS, "session": "h"}))
    kill_parent = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nresults = {}"
    out["own_group"] = call_record(await session.call_tool("run_python", {"code": kill_parent, "session": "h"}))
    out["after"] = call_record(await session.call_tool("run_python", {"code": "results = {'alive': True}"}))


async def scenario_big_results(session, out):
    big = "import numpy as np\nresults = {'values': np.arange(300_000, dtype=np.float64) / 7}"
    out["big"] = call_record(await session.call_tool("run_python", {"code": big}))
    out["small"] = call_record(await session.call_tool("run_python", {"code": "results = {'n': 3}"}))


WRITE = "def caput(pv, value):\n    pass\ncaput('MAG:CURRENT', 2.5)\nresults = {'written': True}\n"


async def scenario_approval(session, out):
    out["pending"] = call_record(await session.call_tool("run_python", {"code": WRITE}))
    out["read_only"] = call_record(await session.call_tool("run_python", {"code": "results = {'read': 1}"}))


async def scenario_concurrent(session, out):
    records = [None] * 20

    async def one(index):
        code = f"import time\ntime.sleep(0.5)\nresults = {{'i': {index}, 'square': {index} * {index}}}"
        records[index] = call_record(await session.call_tool("run_python", {"code": code}))

    started = time.monotonic()
    async with anyio.create_task_group() as group:
        for index in range(20):
            group.start_soon(one, index)
    out["seconds"] = time.monotonic() - started
    out["calls"] = records


async def scenario_progress(session, out):
    messages = []

    async def on_progress(progress, total, message):
        messages.append({"progress": progress, "message": message})

    code = "import time, sys\nfor i in range(3):\n    print('line', i, flush=True)\n    time.sleep(0.3)\nresults = {'done': True}\n"
    out["result"] = call_record(await session.call_tool("run_python", {"code": code}, progress_callback=on_progress))
    out["messages"] = messages


async def scenario_cancel(session, out):
    folder = DATA_DIR or "."
    started, finished = os.path.join(folder, "cancel-started"), os.path.join(folder, "cancel-finished")
    code = (
        f"import time\nopen({started!r}, 'w').write('started')\ntime.sleep(3)\n"
        f"open({finished!r}, 'w').write('ran to the end')\nresults = {{}}\n"
    )
    with anyio.CancelScope() as scope:
        async with anyio.create_task_group() as group:
            group.start_soon(session.call_tool, "run_python", {"code": code})
            # Cancel once the code runs (however slow the machine is to start it).
            with anyio.move_on_after(120):
                while not os.path.exists(started):
                    await anyio.sleep(0.05)
            out["started"] = os.path.exists(started)
            scope.cancel()
    await anyio.sleep(5)
    out["finished"] = os.path.exists(finished)
    out["after"] = call_record(await session.call_tool("run_python", {"code": "results = {'alive': True}"}))


async def scenario_elicitation_accept(session, out):
    out["result"] = call_record(await session.call_tool("run_python", {"code": WRITE}))


async def scenario_elicitation_decline(session, out):
    out["result"] = call_record(await session.call_tool("run_python", {"code": WRITE}))


async def scenario_bad_requests(session, out):
    out["missing_code"] = await protocol_error(session.call_tool("run_python", {}))
    out["wrong_type"] = await protocol_error(session.call_tool("run_python", {"code": 42}))
    out["bad_isolation"] = await protocol_error(session.call_tool("run_python", {"code": "results = {}", "isolation": "cloud"}))
    out["in_process_refused"] = await protocol_error(session.call_tool("run_python", {"code": "results = {}", "isolation": "in_process"}))
    out["bad_timeout"] = await protocol_error(session.call_tool("run_python", {"code": "results = {}", "timeout": -1}))
    out["unknown_tool"] = await protocol_error(session.call_tool("no_such_tool", {}))
    out["after"] = call_record(await session.call_tool("run_python", {"code": "results = {'alive': True}"}))


async def scenario_bench(session, out):
    count = int(os.environ.get("PYEXEC_MCP_BENCH_CALLS", "200"))
    for _ in range(10):
        await session.call_tool("run_python", {"code": "results = {'x': 1}"})
    times = []
    for _ in range(count):
        started = time.perf_counter()
        result = await session.call_tool("run_python", {"code": "results = {'x': 1}"})
        times.append(time.perf_counter() - started)
        assert not result.is_error, result
    times.sort()
    out["calls"] = count
    out["median_seconds"] = times[len(times) // 2]
    out["min_seconds"] = times[0]
    out["p90_seconds"] = times[int(len(times) * 0.9)]


async def elicit_accept(context, params):
    return ElicitResult(action="accept", content={"approve": True})


async def elicit_decline(context, params):
    return ElicitResult(action="decline")


async def main(name, command, arguments):
    scenario = globals()["scenario_" + name]
    callbacks = {"elicitation_accept": elicit_accept, "elicitation_decline": elicit_decline}
    parameters = StdioServerParameters(command=command, args=arguments, env=dict(os.environ))
    out = {}
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write, elicitation_callback=callbacks.get(name)) as session:
            await session.initialize()
            await scenario(session, out)
    print(json.dumps(out, default=str))


async def raw_malformed(command, arguments):
    """Bytes a client library would never send: a line that is not JSON, then a ping."""
    process = await asyncio.create_subprocess_exec(
        command, *arguments, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    out = {}

    async def exchange(line):
        process.stdin.write(line.encode() + b"\n")
        await process.stdin.drain()
        return json.loads(await asyncio.wait_for(process.stdout.readline(), 60))

    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}
    out["initialize"] = await exchange(json.dumps(initialize))
    out["not_json"] = await exchange("{this is not json")
    call = {"jsonrpc": "2.0", "method": "tools/call"}
    out["arguments_not_object"] = await exchange(json.dumps({**call, "id": 3, "params": {"name": "run_python", "arguments": "text"}}))
    out["params_not_object"] = await exchange(json.dumps({**call, "id": 4, "params": "text"}))
    out["no_params"] = await exchange(json.dumps({**call, "id": 5}))
    out["ping"] = await exchange(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "ping"}))
    process.stdin.close()
    out["exit_status"] = await asyncio.wait_for(process.wait(), 60)
    print(json.dumps(out))


if __name__ == "__main__":
    name, command, arguments = sys.argv[1], sys.argv[2], ["mcp", *sys.argv[3:]]
    DATA_DIR = arguments[arguments.index("--data-dir") + 1] if "--data-dir" in arguments else None
    if name == "raw_malformed":
        asyncio.run(raw_malformed(command, arguments))
    else:
        anyio.run(main, name, command, arguments)
