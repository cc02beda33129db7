import BackgroundTasks
import Foundation
import LeipzigCore
import os

/// Background refresh through BGTaskScheduler: runs the core's sync, then
/// `afterSync` (appointment reminders follow what it delivered), and asks
/// for the next run — in 15 minutes when the core says `retryLater`, else in
/// an hour. These are earliest dates; iOS picks the actual time. The
/// identifier is listed in Info.plist (`BGTaskSchedulerPermittedIdentifiers`,
/// project.yml).
enum BackgroundSync {
    static let identifier = "de.leipzig.nahbeimir.sync"
    private static let retryDelay: TimeInterval = 15 * 60
    private static let regularDelay: TimeInterval = 60 * 60
    private static let log = os.Logger(subsystem: "de.leipzig.nahbeimir", category: "background")

    /// Registers the launch handler. iOS requires this before the app
    /// finishes launching, so `AppEnvironment` calls it from the app's init.
    static func register(sync: Sync, afterSync: @escaping @Sendable () async -> Void) {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            run(task, sync: sync, afterSync: afterSync)
        }
    }

    /// Asks for the next run, replacing a pending request.
    static func schedule(after delay: TimeInterval = regularDelay) {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: delay)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            // The simulator, Background App Refresh switched off, or too many
            // pending requests: the next time the app goes to the background asks again.
            log.info("sync not scheduled: \(error.localizedDescription, privacy: .public)")
        }
    }

    private static func run(_ task: BGTask, sync: Sync, afterSync: @escaping @Sendable () async -> Void) {
        let completion = TaskCompletion(task)
        let work = Task {
            let report = await sync.run()
            log.info("sync done, \(report.pendingActions, privacy: .public) actions waiting for the city")
            await afterSync()
            schedule(after: report.retryLater ? retryDelay : regularDelay)
            completion.finish(success: !report.retryLater)
        }
        task.expirationHandler = {
            // Cancelling the Swift task does not stop the Rust future
            // (uniffi-rs#2771), so the task is reported finished right away.
            // That is safe: every core write is one transaction, and the
            // next run simply starts again.
            work.cancel()
            schedule(after: retryDelay)
            completion.finish(success: false)
        }
    }
}

/// Completes a BGTask exactly once, whichever comes first: the end of the
/// sync or the expiration. `@unchecked Sendable`: the flag is only touched
/// under the lock.
private final class TaskCompletion: @unchecked Sendable {
    private let task: BGTask
    private let lock = NSLock()
    private var finished = false

    init(_ task: BGTask) {
        self.task = task
    }

    func finish(success: Bool) {
        lock.lock()
        let first = !finished
        finished = true
        lock.unlock()
        if first { task.setTaskCompleted(success: success) }
    }
}
