import PyEmbed

extension ExecutionMetadata {
    /// The metadata as JSON in the reference's key order, `null` for what is
    /// missing, dates as ISO 8601 text and a non-finite time as `null`.
    var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        return .object([
            JSONMember("start_time", .string(ISOTimestamp.string(startTime))),
            JSONMember("success", .bool(success)),
            JSONMember("error", text(error)),
            JSONMember("traceback", text(traceback)),
            JSONMember("stdout", .string(stdout)),
            JSONMember("stderr", .string(stderr)),
            JSONMember("error_type", text(errorType)),
            JSONMember("results_saved", .bool(resultsSaved)),
            JSONMember("results_missing", .bool(resultsMissing)),
            JSONMember("results_save_error", text(resultsSaveError)),
            JSONMember("figures_saved", strings(figuresSaved)),
            JSONMember("figure_count", .number(JSONNumber(figureCount))),
            JSONMember("figure_errors", strings(figureErrors)),
            JSONMember("execution_mode", .string(executionMode)),
            JSONMember("end_time", text(endTime.map(ISOTimestamp.string))),
            JSONMember("execution_time_seconds", executionTimeSeconds.map(JSONValue.number) ?? .null),
        ])
    }
}
