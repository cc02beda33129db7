import Foundation
import LeipzigCore
import os

/// The core's `Logger` on the unified log: subsystem `de.leipzig.nahbeimir`,
/// one category per core module (`target`). Read it in Console.app or with
/// `log stream --predicate 'subsystem == "de.leipzig.nahbeimir"'`.
///
/// `LeipzigCore.Logger` and `os.Logger` share a name; both are spelled out.
final class OSLogLogger: LeipzigCore.Logger, @unchecked Sendable {
    private static let subsystem = "de.leipzig.nahbeimir"
    // `@unchecked Sendable`: the cache is only touched under the lock.
    private let lock = NSLock()
    private var loggers: [String: os.Logger] = [:]

    func log(level: LogLevel, target: String, message: String) {
        // Messages are `.public`: the core never logs personal data (ids only,
        // DESIGN.md "Errors", security-and-reliability.md §3.5), and private
        // values would show as <private> outside a debugger, which makes field
        // diagnostics useless.
        logger(for: target).log(level: level.osLogType, "\(message, privacy: .public)")
    }

    private func logger(for target: String) -> os.Logger {
        lock.lock()
        defer { lock.unlock() }
        if let cached = loggers[target] { return cached }
        let created = os.Logger(subsystem: Self.subsystem, category: target)
        loggers[target] = created
        return created
    }
}

private extension LogLevel {
    /// os_log has no "warning": `.default` is what Apple's own frameworks use.
    var osLogType: OSLogType {
        switch self {
        case .debug: return .debug
        case .info: return .info
        case .warn: return .default
        case .error: return .error
        }
    }
}
