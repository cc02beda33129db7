package de.leipzig.nahbeimir.testkit

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
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
    private val dir: Path,
    private val stateDir: Path?
) : AutoCloseable {

    /** The sandbox's client config, with fast retries so offline tests stay quick. */
    fun clientConfig(): String = Files.readString(configFile) +
        "\n[http]\nmax_retries = 1\nbackoff_base_ms = 20\nconnect_timeout_ms = 2000\n"

    /**
     * Queues a fault for the next requests (JSON as `POST /_sandbox/faults`
     * takes it), e.g. `{"path": "/newsfeed/", "times": 2, "kind": "status", "status": 500}`.
     */
    fun inject(faultJson: String) {
        val response = http.send(
            HttpRequest.newBuilder(URI.create("${url}_sandbox/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(faultJson))
                .build(),
            HttpResponse.BodyHandlers.ofString()
        )
        check(response.statusCode() == 201) { "fault refused: ${response.statusCode()} ${response.body()}" }
    }

    /** POSTs [json] to a `/_sandbox/` control, e.g. `zms/steal`; returns the answer. */
    fun control(path: String, json: String): String {
        val response = http.send(
            HttpRequest.newBuilder(URI.create("${url}_sandbox/$path"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString()
        )
        check(response.statusCode() in 200..299) {
            "control $path refused: ${response.statusCode()} ${response.body()}"
        }
        return response.body()
    }

    /** The sandbox's request log as JSON (`GET /_sandbox/requests`). */
    fun requestsJson(): String = http.send(
        HttpRequest.newBuilder(URI.create("${url}_sandbox/requests")).GET().build(),
        HttpResponse.BodyHandlers.ofString()
    ).body()

    /** Stops the sandbox (SIGTERM, then SIGKILL) and waits until it is gone. */
    fun stop() {
        if (!process.isAlive) return
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
        }
    }

    override fun close() = stop()

    /** Starts the sandbox again on the same port and state directory (it must be stopped). */
    fun restart(): SandboxProcess {
        val port = URI.create(url).port
        return start(dir, port, stateDir)
    }

    companion object {
        private val http: HttpClient = HttpClient.newHttpClient()

        /**
         * Starts a sandbox that writes its client config into [dir], on [port] (0: any free
         * one), keeping its state in [stateDir] when given (so a restart sees the same city).
         */
        fun start(dir: Path, port: Int = 0, stateDir: Path? = null): SandboxProcess {
            val bin = System.getProperty("leipzig.bin")
                ?: error("system property leipzig.bin (path of the leipzig binary) is not set")
            val config = dir.resolve("sandbox-client.toml")
            val args = mutableListOf(bin, "sandbox", "--port", port.toString(), "--write-config", config.toString())
            if (stateDir != null) args += listOf("--state", stateDir.toString())
            val process = ProcessBuilder(args)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
            val firstLine = CompletableFuture.supplyAsync { process.inputStream.bufferedReader().readLine() }
            val url = try {
                firstLine.get(60, TimeUnit.SECONDS)
            } catch (e: Exception) {
                process.destroyForcibly()
                throw IllegalStateException("sandbox did not start", e)
            } ?: error("sandbox exited before printing its URL")
            return SandboxProcess(process, url.trim(), config, dir, stateDir)
        }
    }
}
