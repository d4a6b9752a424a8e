/// The hint for a module the code imports that the environment lacks: the
/// package to install, which for many modules has another name.
enum MissingModule {
    /// Import names whose package is named otherwise (the import name → the name pip knows).
    static let packages: [String: String] = [
        "epics": "pyepics", "PIL": "Pillow", "sklearn": "scikit-learn", "skimage": "scikit-image",
        "yaml": "PyYAML", "cv2": "opencv-python", "bs4": "beautifulsoup4", "dateutil": "python-dateutil",
        "serial": "pyserial", "usb": "pyusb", "Crypto": "pycryptodome", "attr": "attrs", "jwt": "PyJWT",
        "dotenv": "python-dotenv", "magic": "python-magic", "docx": "python-docx", "pptx": "python-pptx",
        "OpenGL": "PyOpenGL", "zmq": "pyzmq", "caproto": "caproto", "tango": "pytango", "PyTango": "pytango",
        "google.protobuf": "protobuf", "Bio": "biopython", "sympy": "sympy", "tables": "tables",
    ]

    /// The package that provides `module` (`sklearn.linear_model` → `scikit-learn`).
    static func package(for module: String) -> String {
        let parts = module.split(separator: ".").map(String.init)
        for length in stride(from: parts.count, through: 1, by: -1) {
            if let package = packages[parts.prefix(length).joined(separator: ".")] { return package }
        }
        return parts.first ?? module
    }

    /// The message for a `ModuleNotFoundError` naming `module`.
    static func hint(for module: String) -> String {
        "Missing Module: '\(module)'. Install its package into the environment PyEmbed uses, e.g. `.venv/bin/pip install \(package(for: module))`."
    }
}
