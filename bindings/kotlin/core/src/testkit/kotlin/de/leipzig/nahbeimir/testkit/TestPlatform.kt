package de.leipzig.nahbeimir.testkit

import de.leipzig.nahbeimir.core.LogLevel
import de.leipzig.nahbeimir.core.Logger
import de.leipzig.nahbeimir.core.SecretStore
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList

/** Secrets in a map: what a Keychain/Keystore implementation looks like to the core. */
class MemorySecretStore : SecretStore {
    private val entries = ConcurrentHashMap<String, ByteArray>()

    override fun get(key: String): ByteArray? = entries[key]?.copyOf()

    override fun set(key: String, value: ByteArray) {
        entries[key] = value.copyOf()
    }

    override fun delete(key: String) {
        entries.remove(key)
    }
}

/** Keeps every log line the core sends. */
class RecordingLogger : Logger {
    val lines = CopyOnWriteArrayList<String>()

    override fun log(level: LogLevel, target: String, message: String) {
        lines += "$level $target: $message"
    }
}
