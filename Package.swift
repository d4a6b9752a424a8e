// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PyEmbed",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PyEmbed", targets: ["PyEmbed"]),
        .executable(name: "pyembed-bench", targets: ["pyembed-bench"]),
        .executable(name: "pyembed-demo", targets: ["pyembed-demo"]),
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
        .target(name: "PyEmbed", dependencies: ["CPythonShim"]),
        .executableTarget(name: "pyembed-bench", dependencies: ["PyEmbed"]),
        .executableTarget(name: "pyembed-demo", dependencies: ["PyEmbed"]),
        .testTarget(name: "PyEmbedTests", dependencies: ["PyEmbed"]),
    ]
)
