import Foundation

/// The local-time stamps the reference puts in folder and file names and in
/// notebooks (Python's `datetime.now().strftime(...)`).
struct LocalTimestamp: Sendable {
    let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// The local calendar fields of `date`.
    init(_ date: Date, timeZone: TimeZone = .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
        hour = parts.hour ?? 0
        minute = parts.minute ?? 0
        second = parts.second ?? 0
    }

    /// `YYYY-MM` (`%Y-%m`), the month folder.
    var monthFolder: String { "\(pad(year, 4))-\(pad(month))" }
    /// `YYYYMMDD_HHMMSS` (`%Y%m%d_%H%M%S`), in execution folder names.
    var folderStamp: String { "\(pad(year, 4))\(pad(month))\(pad(day))_\(timeStamp)" }
    /// `HHMMSS` (`%H%M%S`), in attempt notebook names.
    var timeStamp: String { "\(pad(hour))\(pad(minute))\(pad(second))" }
    /// `YYYY-MM-DD HH:MM:SS`, shown in notebooks.
    var display: String { "\(pad(year, 4))-\(pad(month))-\(pad(day)) \(pad(hour)):\(pad(minute)):\(pad(second))" }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
