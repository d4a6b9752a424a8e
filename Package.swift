// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PyEmbed",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PyEmbed", targets: ["PyEmbed"]),
        .executable(name: "pyembed-bench", targets: ["pyembed-bench"]),
        .executable(name: "pyembed-demo", targets: ["pyembed-demo"]),
        .library(name: "PyEmbedProcess", targets: ["PyEmbedProcess"]),
        .executable(name: "pyembed-worker", targets: ["pyembed-worker"]),
        .library(name: "PythonExecutor", targets: ["PythonExecutor"]),
        .executable(name: "pyexec", targets: ["pyexec"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // HTTP and WebSocket clients for the Jupyter kernel engine (`execution_method: container`).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/websocket-kit", from: "2.16.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // libpython's headers and link line, found with `pkg-config python3-embed`.
        .systemLibrary(
            name: "CPython",
            pkgConfig: "python3-embed",
            providers: [.apt(["libpython3-dev", "pkg-config"])]
        ),
        // Small C functions for what Swift cannot import from Python.h (macros, inline helpers).
        .target(name: "CPythonShim", dependencies: ["CPython"]),
        // PyEmbed's Python helpers are `.py` files in `Python/`, compiled into the library.
        .target(
            name: "PyEmbed", dependencies: ["CPythonShim"],
            resources: [
                .embedInCode("Python/pyembed_support.py"), .embedInCode("Python/pyembed_describe.py"),
                .embedInCode("Python/pyembed_subinterpreter.py"), .embedInCode("Python/pyembed_kinds.py"),
                .embedInCode("Python/pyembed_standard.py"), .embedInCode("Python/pyembed_numpy.py"),
                .embedInCode("Python/pyembed_pandas.py"), .embedInCode("Python/pyembed_matplotlib.py"),
            ]
        ),
        .executableTarget(name: "pyembed-bench", dependencies: ["PyEmbed", "PyEmbedProcess", "PythonExecutor", "pyembed-worker", "pyexec"]),
        .executableTarget(name: "pyembed-demo", dependencies: ["PyEmbed"]),
        // Runs one crash scenario in a child process for the tests (a regression kills the child, not the runner).
        .executableTarget(name: "pyembed-crashprobe", dependencies: ["PyEmbed"]),
        .testTarget(name: "PyEmbedTests", dependencies: ["PyEmbed", "pyembed-crashprobe"]),
        // The process tier: a warm fork-server worker, its host-side pool, and the binary wire format between them.
        .target(name: "ProcessShim"),
        .target(
            name: "PyEmbedProcess", dependencies: ["PyEmbed", "ProcessShim"],
            resources: [.embedInCode("Python/pyembed_input_adapter.py")]
        ),
        .executableTarget(name: "pyembed-worker", dependencies: ["PyEmbedProcess"]),
        .testTarget(name: "PyEmbedProcessTests", dependencies: ["PyEmbedProcess", "ProcessShim", "pyembed-worker"]),
        // The execution service: request → generate → analyse → approve → execute → retry.
        .target(
            name: "PythonExecutor",
            dependencies: [
                "PyEmbed", "PyEmbedProcess", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
            ],
            // The Python that runs next to generated code (the channel-limits guard, the run-time API,
            // the kernel-side encoder, the run's context) and the static analyser's helper.
            resources: [
                .embedInCode("Python/pyexec_limits.py"), .embedInCode("Python/pyexec_runtime.py"),
                .embedInCode("Python/pyexec_kernel.py"), .embedInCode("Python/pyexec_context_input.py"),
                .embedInCode("Python/pyexec_analysis.py"),
            ]
        ),
        // `pyexec`'s commands, in a library so tests call them directly; the executable only starts them.
        .target(
            name: "PyExecCLI",
            dependencies: [
                "PythonExecutor", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .executableTarget(name: "pyexec", dependencies: ["PyExecCLI", "pyembed-worker"]),
        .testTarget(name: "PythonExecutorTests", dependencies: ["PythonExecutor", "PyExecCLI", "pyexec", "pyembed-worker"]),
    ]
)
