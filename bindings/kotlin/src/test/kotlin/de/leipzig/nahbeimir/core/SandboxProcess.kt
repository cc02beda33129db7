package de.leipzig.nahbeimir.core

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * A real sandbox: the `leipzig sandbox` binary on a free loopback port, with
 * a client config written next to it. Tests stop it to go "offline".
 */
class SandboxProcess private constructor(
    private val process: Process,
    val url: String,
    private val configFile: Path,
) : AutoCloseable {

    /** The sandbox's client config, with fast retries so offline tests stay quick. */
    fun clientConfig(): String =
        Files.readString(configFile) +
            "\n[http]\nmax_retries = 1\nbackoff_base_ms = 20\nconnect_timeout_ms = 2000\n"

    /** Stops the sandbox (SIGTERM, then SIGKILL) and waits until it is gone. */
    fun stop() {
        if (!process.isAlive) return
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
        }
    }

    override fun close() = stop()

    companion object {
        /** Starts a sandbox that writes its client config into [dir]. */
        fun start(dir: Path): SandboxProcess {
            val bin = System.getProperty("leipzig.bin")
                ?: error("system property leipzig.bin (path of the leipzig binary) is not set")
            val config = dir.resolve("sandbox-client.toml")
            val process = ProcessBuilder(bin, "sandbox", "--port", "0", "--write-config", config.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
            val firstLine = CompletableFuture.supplyAsync { process.inputStream.bufferedReader().readLine() }
            val url = try {
                firstLine.get(60, TimeUnit.SECONDS)
            } catch (e: Exception) {
                process.destroyForcibly()
                throw IllegalStateException("sandbox did not start", e)
            } ?: error("sandbox exited before printing its URL")
            return SandboxProcess(process, url.trim(), config)
        }
    }
}
