package de.leipzig.nahbeimir.app.platform

import android.util.Log
import de.leipzig.nahbeimir.core.LogLevel
import de.leipzig.nahbeimir.core.Logger

/**
 * The core's [Logger] on Logcat, tag `LeipzigCore`. The core's lines carry no personal
 * data; release builds still drop [LogLevel.DEBUG] lines (pass `verbose = false`), as Logcat
 * is readable by anyone with a cable and developer options.
 */
class LogcatLogger(private val verbose: Boolean) : Logger {
    override fun log(level: LogLevel, target: String, message: String) {
        val line = "$target: $message"
        when (level) {
            LogLevel.DEBUG -> if (verbose) Log.d(TAG, line)
            LogLevel.INFO -> Log.i(TAG, line)
            LogLevel.WARN -> Log.w(TAG, line)
            LogLevel.ERROR -> Log.e(TAG, line)
        }
    }

    private companion object {
        const val TAG = "LeipzigCore"
    }
}
