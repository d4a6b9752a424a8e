/// A figure that was open when a run ended but could not be converted.
///
/// The run itself still succeeded; the figure was closed like the others.
public struct FigureCaptureFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// pyplot's number for the figure (`plt.get_fignums()`), or `nil` when the
    /// open figures could not even be listed and closed.
    public var figureNumber: Int?
    /// Why it failed: usually ``PythonConversionError/python(_:path:)`` with
    /// what matplotlib raised while drawing (for example bad mathtext).
    public var error: PythonConversionError

    /// Creates a failure record.
    public init(figureNumber: Int?, error: PythonConversionError) {
        self.figureNumber = figureNumber
        self.error = error
    }

    /// `figure 2: Python raised ValueError: … at .png`.
    public var description: String {
        "\(figureNumber.map { "figure \($0)" } ?? "open figures"): \(error)"
    }
}
